import { DatasetError } from './errors.js';

/**
 * Text input accepted by the browser-safe parsers: a whole string or bytes, or a stream of
 * chunks (a Node `Readable`, a `fs.createReadStream`, a web `ReadableStream`, any (async) iterable).
 * Bytes are decoded as UTF-8; chunk borders may fall anywhere, even inside a character.
 */
export type TextSource =
  | string
  | Uint8Array
  | ArrayBuffer
  | Iterable<string | Uint8Array>
  | AsyncIterable<string | Uint8Array>
  | ReadableStream<Uint8Array | string>;

/** One line of a text source and its line number. */
export interface Line {
  /** The line without its terminator (`\n` or `\r\n`) and without a leading BOM. */
  text: string;
  /** 1-based line number. */
  line: number;
}

/** A run of consecutive lines, the first of which has number `first`. */
export interface LineBatch {
  lines: string[];
  first: number;
}

/** Options of `readLines` / `lineBatches`. */
export interface LineOptions {
  /** Name used in error messages (a path, a URL…). */
  file?: string;
}

/** Streams the lines of a text source; memory stays bounded by the longest line plus one chunk. */
export async function* readLines(source: TextSource, options: LineOptions = {}): AsyncGenerator<Line> {
  for await (const batch of lineBatches(source, options)) {
    for (let i = 0; i < batch.lines.length; i++) yield { text: batch.lines[i], line: batch.first + i };
  }
}

/** Same as `readLines` but one batch per input chunk: far fewer promise turns for the hot loops. */
export async function* lineBatches(source: TextSource, options: LineOptions = {}): AsyncGenerator<LineBatch> {
  const file = options.file;
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // Pieces of the unfinished last line; joined once its end arrives, so a line spanning many
  // chunks costs linear, not quadratic, time.
  let pending: string[] = [];
  let lineNo = 1;
  let atStart = true;
  for await (const chunk of chunks(source, file)) {
    let text: string;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch (cause) {
        throw encodingError(file, lineNo + badLineOffset(chunk), cause);
      }
    }
    if (text.length === 0) continue;
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let nl = text.indexOf('\n');
    if (nl === -1) {
      pending.push(text);
      continue;
    }
    const lines: string[] = [];
    if (pending.length > 0) {
      pending.push(text.slice(0, nl));
      const head = pending.join('');
      lines.push(stripCr(head, 0, head.length));
      pending = [];
    } else {
      lines.push(stripCr(text, 0, nl));
    }
    let start = nl + 1;
    nl = text.indexOf('\n', start);
    while (nl !== -1) {
      lines.push(stripCr(text, start, nl));
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (start < text.length) pending.push(text.slice(start));
    yield { lines, first: lineNo };
    lineNo += lines.length;
  }
  let tail: string;
  try {
    tail = decoder.decode();
  } catch (cause) {
    throw encodingError(file, lineNo, cause);
  }
  if (tail.length > 0) pending.push(tail);
  const last = pending.join('');
  if (last.length > 0) yield { lines: [stripCr(last, 0, last.length)], first: lineNo };
}

function stripCr(buf: string, start: number, end: number): string {
  return end > start && buf.charCodeAt(end - 1) === 13 ? buf.slice(start, end - 1) : buf.slice(start, end);
}

/** Which line of this chunk holds the first invalid UTF-8 (error path only). */
function badLineOffset(bytes: Uint8Array): number {
  let offset = 0;
  let start = 0;
  const probe = new TextDecoder('utf-8', { fatal: true });
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      try {
        // A segment cut at the chunk's end may be an incomplete character, which is not an error yet.
        probe.decode(bytes.subarray(start, i), { stream: i === bytes.length });
      } catch {
        return offset;
      }
      offset++;
      start = i + 1;
    }
  }
  return 0;
}

function encodingError(file: string | undefined, line: number, cause: unknown): DatasetError {
  return new DatasetError('BAD_ENCODING', 'invalid UTF-8 byte sequence', { file, line, cause });
}

async function* chunks(source: TextSource, file: string | undefined): AsyncGenerator<string | Uint8Array> {
  if (typeof source === 'string' || source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
    return;
  }
  if (
    source !== null &&
    typeof source === 'object' &&
    typeof (source as ReadableStream).getReader === 'function'
  ) {
    const reader = (source as ReadableStream<Uint8Array | string>).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield checkChunk(value, file);
      }
    } finally {
      reader.releaseLock();
    }
  }
  if (source !== null && typeof source === 'object') {
    if (Symbol.asyncIterator in source || Symbol.iterator in source) {
      for await (const chunk of source as AsyncIterable<unknown>) yield checkChunk(chunk, file);
      return;
    }
  }
  throw new DatasetError(
    'INVALID_INPUT',
    `expected a string, bytes or a stream/iterable of them, found ${source === null ? 'null' : typeof source}`,
    { file },
  );
}

function checkChunk(chunk: unknown, file: string | undefined): string | Uint8Array {
  if (typeof chunk === 'string' || chunk instanceof Uint8Array) return chunk;
  throw new DatasetError(
    'INVALID_INPUT',
    `stream chunks must be strings or Uint8Arrays, found ${typeof chunk}`,
    {
      file,
    },
  );
}
