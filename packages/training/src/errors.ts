import { describeValue } from '@albert-ts/core';

/**
 * What went wrong, as a stable machine-readable code; the input/option/IO codes are spelled as in
 * every other package of ours (`INVALID_INPUT`, `INVALID_OPTION`).
 */
export type TrainingErrorCode =
  /** An option of the wrong type or value. */
  | 'INVALID_OPTION'
  | 'UNKNOWN_PARAMETER'
  | 'MISSING_GRADIENT'
  | 'SHAPE_MISMATCH'
  | 'BAD_STATE'
  /** A batch, example, document or function result that is not what the call needs. */
  | 'INVALID_INPUT'
  | 'CHECKPOINT'
  | 'NON_FINITE';

/** Every error @albert-ts/training throws on purpose. */
export class TrainingError extends Error {
  readonly code: TrainingErrorCode;
  constructor(code: TrainingErrorCode, message: string) {
    super(message);
    this.name = 'TrainingError';
    this.code = code;
  }
}

export function invalidOption(name: string, expected: string, found: unknown): TrainingError {
  return new TrainingError(
    'INVALID_OPTION',
    `option ${name}: expected ${expected}, found ${describeValue(found)}`,
  );
}

export function checkNumber(
  name: string,
  v: unknown,
  {
    min,
    max,
    integer,
    minExclusive,
  }: { min?: number; max?: number; integer?: boolean; minExclusive?: boolean } = {},
): number {
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!integer || Number.isInteger(v)) &&
    (min === undefined || (minExclusive ? v > min : v >= min)) &&
    (max === undefined || v <= max);
  if (!ok) {
    const parts = [integer ? 'an integer' : 'a finite number'];
    if (min !== undefined) parts.push(`${minExclusive ? '>' : '>='} ${min}`);
    if (max !== undefined) parts.push(`<= ${max}`);
    throw invalidOption(name, parts.join(' '), v);
  }
  return v as number;
}
