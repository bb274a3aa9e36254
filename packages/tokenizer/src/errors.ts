/** What went wrong, as a stable machine-readable code. */
export type TokenizerErrorCode =
  /** The bytes are not a well-formed protobuf (truncated, bad wire type, random bytes). */
  | 'MODEL_PARSE'
  /** The protobuf parsed but is not a usable SentencePiece model (no pieces, no <unk>, ...). */
  | 'MODEL_INVALID'
  /** A model feature this implementation does not support. */
  | 'MODEL_UNSUPPORTED'
  /** A token id outside `[0, vocabSize)` or not an integer. */
  | 'ID_OUT_OF_RANGE'
  /** An argument of the wrong type or shape (e.g. a number where text was expected). */
  | 'INVALID_ARGUMENT'
  /** A file could not be read. */
  | 'IO';

/** The one error type this package throws; `code` says what kind of failure it is. */
export class TokenizerError extends Error {
  override readonly name = 'TokenizerError';
  readonly code: TokenizerErrorCode;
  /** For a refused model file: the part that is wrong, what it must be and what was found. */
  readonly detail?: ModelErrorDetail;

  constructor(
    code: TokenizerErrorCode,
    message: string,
    options?: { cause?: unknown; detail?: ModelErrorDetail },
  ) {
    super(message, options);
    this.code = code;
    if (options?.detail) this.detail = options.detail;
  }
}

/** Which part of a `.model` file a validation error is about (e.g. `trainer_spec.vocab_size`). */
export interface ModelErrorDetail {
  part: string;
  expected: string;
  found: string;
}

/**
 * A MODEL_INVALID error whose message names the part, the expectation and the finding, so a
 * damaged file can be told from a wrong one without reading the code.
 */
export function modelInvalid(
  part: string,
  expected: string,
  found: string,
  code: TokenizerErrorCode = 'MODEL_INVALID',
): TokenizerError {
  return new TokenizerError(code, `model file: ${part}: expected ${expected}, found ${found}`, {
    detail: { part, expected, found },
  });
}

/** Describes a value for an error message without dumping large inputs. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Uint8Array) return `a Uint8Array of ${value.length} bytes`;
  if (typeof value === 'string')
    return value.length > 40 ? `a string of length ${value.length}` : JSON.stringify(value);
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value)})`;
  return `${typeof value} ${String(value)}`;
}
