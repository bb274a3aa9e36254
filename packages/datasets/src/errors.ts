/** What went wrong, so callers can branch without parsing messages. */
export type DatasetErrorCode =
  /** An option (split, level, task, fraction, policy...) of the wrong type or value. */
  | 'INVALID_OPTION'
  /** A source of the wrong type (not a string, bytes or a stream of them). */
  | 'INVALID_INPUT'
  | 'BAD_ENCODING'
  | 'BAD_JSON'
  | 'BAD_STRUCTURE'
  | 'MALFORMED_ROW'
  | 'MISSING_COLUMN'
  | 'BAD_LABEL'
  | 'DUPLICATE_ID'
  /** A file or folder could not be read. */
  | 'IO'
  | 'FILE_NOT_FOUND'
  | 'MISSING_PACKAGE'
  | 'ALREADY_CONSUMED';

/** Where a `DatasetError` happened: file, line and JSON path, plus the underlying cause. */
export interface DatasetErrorDetails {
  /** File (or source name) the problem is in. */
  file?: string;
  /** 1-based line number in that file. */
  line?: number;
  /** JSON path or field name, e.g. `data[0].paragraphs[2].qas[1].id`. */
  path?: string;
  cause?: unknown;
}

/** Every error thrown by @albert-ts/datasets. The message names the file/line/field, what was expected and what was found. */
export class DatasetError extends Error {
  readonly code: DatasetErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly path: string | undefined;

  constructor(code: DatasetErrorCode, message: string, details: DatasetErrorDetails = {}) {
    super(prefix(details) + message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DatasetError';
    this.code = code;
    this.file = details.file;
    this.line = details.line;
    this.path = details.path;
  }
}

function prefix({ file, line, path }: DatasetErrorDetails): string {
  let where = file ?? '';
  if (line !== undefined) where += `${where ? ':' : 'line '}${line}`;
  if (path !== undefined) where += `${where ? ' ' : ''}${path}`;
  return where ? `${where}: ` : '';
}

/** Short, printable excerpt of a bad value for error messages. */
export function excerpt(value: unknown, max = 80): string {
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    s = String(value);
  }
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** A found value for "expected …, found …" messages: its kind and a short excerpt. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `an array (${excerpt(value)})`;
  return `${value === null ? 'null' : typeof value} ${excerpt(value)}`;
}
