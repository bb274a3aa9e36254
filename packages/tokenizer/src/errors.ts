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

  constructor(code: TokenizerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
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
