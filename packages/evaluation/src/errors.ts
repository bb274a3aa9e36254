/** What went wrong, as a stable machine-readable code. */
export type EvaluationErrorCode =
  /** An input of the wrong type, shape or value (e.g. a string where a number was expected). */
  | 'INVALID_INPUT'
  /** An option (an entry of an options object, e.g. `average`, `batchSize`) of the wrong type or value. */
  | 'INVALID_OPTION'
  /** Two arrays that must be parallel have different lengths. */
  | 'LENGTH_MISMATCH'
  /** A metric that needs at least one item got none. */
  | 'EMPTY_INPUT'
  /** The labels do not fit the requested metric (e.g. three classes for a binary F1). */
  | 'LABELS'
  /** A GLUE task name that is not known. */
  | 'UNKNOWN_TASK'
  /** A SQuAD/RACE dataset or prediction file that does not have the expected structure. */
  | 'DATASET'
  /** A question has no prediction (SQuAD v2.0's official script stops there too). */
  | 'MISSING_PREDICTION'
  /** A question has no no-answer probability while `naProbs` was given. */
  | 'MISSING_NA_PROB'
  /** A tag that the chosen tagging scheme does not allow, or whose scheme cannot be detected. */
  | 'TAG_SCHEME'
  /** A `predict` function broke its contract (wrong number of outputs, threw). */
  | 'PREDICT'
  /** The run was aborted through its AbortSignal. */
  | 'ABORTED';

/** The one error type this package throws; `code` says what kind of failure it is. */
export class EvaluationError extends Error {
  override readonly name = 'EvaluationError';
  readonly code: EvaluationErrorCode;

  constructor(code: EvaluationErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Describes a value for an error message without dumping large inputs: word for word
 * @albert-ts/core's `describeValue`, copied because this package may not import core (no tfjs).
 */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return v.length > 60 ? `a string of length ${v.length}` : JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (ArrayBuffer.isView(v)) return `a ${v.constructor.name} of ${v.byteLength} bytes`;
  return `an object (${Object.prototype.toString.call(v)})`;
}
