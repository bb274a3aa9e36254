import { describeValue } from '@albert-ts/core';

/** What went wrong, as a stable machine-readable code. */
export type TrainingErrorCode =
  | 'INVALID_OPTION'
  | 'UNKNOWN_PARAMETER'
  | 'MISSING_GRADIENT'
  | 'SHAPE_MISMATCH'
  | 'BAD_STATE'
  | 'BAD_INPUT'
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
