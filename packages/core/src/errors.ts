/** What went wrong, as a stable machine-readable code. */
export type AlbertErrorCode =
  /** A config value that cannot describe a model (wrong type, out of range, inconsistent). */
  | 'INVALID_CONFIG'
  /** Model inputs of the wrong shape, dtype or range (ids >= vocab_size, too long, mask mismatch). */
  | 'INVALID_INPUT'
  /** An option (e.g. `maxParameters`, a pipeline's `batchSize`) of the wrong type or value. */
  | 'INVALID_OPTION'
  /** A weight whose shape differs from the one the config implies. */
  | 'SHAPE_MISMATCH'
  /** Weights required by the model are absent and `strict` loading was asked for. */
  | 'MISSING_WEIGHTS'
  /** A safetensors file that is truncated, corrupt or uses an unsupported dtype. */
  | 'INVALID_SAFETENSORS'
  /** A TensorFlow checkpoint (tensor bundle) that is truncated, corrupt or cannot map to ALBERT. */
  | 'INVALID_TF_CHECKPOINT'
  /** Reading or writing a file or URL failed. */
  | 'IO'
  /** The backend could not be set up. */
  | 'BACKEND'
  /** The model was used after `dispose()`, or before its weights exist. */
  | 'DISPOSED';

/** The error type @albert-ts/core (and @albert-ts/heads) throw on purpose. */
export class AlbertError extends Error {
  readonly code: AlbertErrorCode;
  constructor(code: AlbertErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlbertError';
    this.code = code;
  }
}

/** What a config's size check found: the field that drives the size and what it implies. */
export interface ModelSizeDetails {
  /** HF config key (snake_case), e.g. `vocab_size`. */
  field: string;
  value: number;
  /** Parameters (or elements of one tensor) implied. */
  parameters: number;
  /** Bytes as float32. */
  bytes: number;
  /** The limit exceeded: `maxParameters`, or the per-tensor element limit. */
  limit: number;
}

/**
 * A config whose model cannot be allocated (a tensor too large for any backend) or is above the
 * caller's `maxParameters`; code 'INVALID_CONFIG'. Thrown before anything is allocated.
 */
export class ModelSizeError extends AlbertError {
  readonly field: string;
  readonly value: number;
  readonly parameters: number;
  readonly bytes: number;
  readonly limit: number;
  constructor(message: string, d: ModelSizeDetails) {
    super('INVALID_CONFIG', message);
    this.name = 'ModelSizeError';
    this.field = d.field;
    this.value = d.value;
    this.parameters = d.parameters;
    this.bytes = d.bytes;
    this.limit = d.limit;
  }
}

/** What exactly is wrong with a safetensors buffer. */
export type SafetensorsProblem =
  | 'TRUNCATED'
  | 'HEADER_TOO_LARGE'
  | 'HEADER_NOT_JSON'
  | 'BAD_ENTRY'
  | 'UNKNOWN_DTYPE'
  | 'UNSUPPORTED_DTYPE'
  | 'BAD_OFFSETS'
  | 'SIZE_MISMATCH';

/** A safetensors buffer that cannot be read; `problem` refines `code` ('INVALID_SAFETENSORS'). */
export class SafetensorsError extends AlbertError {
  readonly problem: SafetensorsProblem;
  constructor(problem: SafetensorsProblem, message: string) {
    super('INVALID_SAFETENSORS', `safetensors: ${message}`);
    this.name = 'SafetensorsError';
    this.problem = problem;
  }
}

/**
 * Short description of a value for error messages (never dumps large inputs). tokenizer and
 * evaluation keep a copy of this function, word for word, because they may not import core.
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
