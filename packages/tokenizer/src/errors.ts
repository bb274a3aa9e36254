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
  /** An input of the wrong type or shape (e.g. a number where text was expected). */
  | 'INVALID_INPUT'
  /** An option (e.g. `maxLength`, `truncation`, a trainer option) of the wrong type or value. */
  | 'INVALID_OPTION'
  /** A file could not be read. */
  | 'IO'
  /**
   * A `tokenizer.json`, `tokenizer_config.json` or `special_tokens_map.json` that is malformed
   * or contradicts itself (`detail.part` names the file and field).
   */
  | 'CONFIG_INVALID';

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

/**
 * Which part of a file a validation error is about (e.g. `trainer_spec.vocab_size` of a `.model`,
 * `tokenizer.json: normalizer.normalizers[2].type`).
 */
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

/**
 * An error about one field of a Hugging Face tokenizer file: 'CONFIG_INVALID' for malformed
 * content, 'MODEL_UNSUPPORTED' for a well-formed component this tokenizer cannot reproduce exactly.
 */
export function fieldError(
  file: string,
  field: string,
  expected: string,
  found: string,
  code: TokenizerErrorCode = 'CONFIG_INVALID',
): TokenizerError {
  const part = `${file}: ${field}`;
  return new TokenizerError(code, `${part}: expected ${expected}, found ${found}`, {
    detail: { part, expected, found },
  });
}
