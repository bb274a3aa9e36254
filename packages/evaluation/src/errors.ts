/** What went wrong, as a stable machine-readable code. */
export type EvaluationErrorCode =
  /** An argument of the wrong type, shape or value (e.g. a string where a number was expected). */
  | 'INVALID_ARGUMENT'
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

/** Describes a value for an error message without dumping large inputs. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'string')
    return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}
