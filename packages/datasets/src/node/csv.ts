import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { DatasetError, excerpt } from '../errors.js';
import type { TextSource } from '../lines.js';
import { type BadRowOptions, RecordStream } from '../record-stream.js';
import { fileChunks } from './files.js';

/**
 * Options of `parseCsv` / `readCsv` (RFC 4180 CSV): delimiter, header, required columns, bad-row
 * policy.
 */
export interface CsvOptions extends BadRowOptions {
  /** Name for error messages. */
  file?: string;
  /** Field delimiter (default `,`; `\t` for TSV with quoting). */
  delimiter?: string;
  /** Column names; by default the first row is the header. */
  columns?: readonly string[];
  /** Columns that must exist (checked against the header or `columns`). */
  required?: readonly string[];
}

/**
 * Streams CSV rows as objects keyed by column name, parsed with csv-parse (RFC 4180 quoting,
 * quoted newlines). A row with the wrong number of fields or broken quoting is a malformed row.
 */
export function parseCsv(source: TextSource, options: CsvOptions = {}): RecordStream<Record<string, string>> {
  const file = options.file;
  return new RecordStream<Record<string, string>>(async function* (reject) {
    let header: string[] | null = options.columns ? [...options.columns] : null;
    if (header) checkRequired(header, options.required, file, 1);
    const parser = parse({
      // on_skip is supported by csv-parse 5 but missing from its type declarations.
      ...({
        on_skip: (error: CsvError | undefined) => {
          if (error) reject(wrap(error, file));
        },
      } as object),
      delimiter: options.delimiter ?? ',',
      bom: true,
      info: true,
      skip_empty_lines: true,
      // Column counts are checked here, so that a bad row can be skipped rather than stop the parse.
      relax_column_count: true,
      skip_records_with_error: (options.onBadRow ?? 'throw') === 'skip',
    });
    const input = Readable.from(toChunks(source));
    input.on('error', (error) => parser.destroy(error));
    input.pipe(parser);
    try {
      for await (const { record, info } of parser as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>) {
        if (header === null) {
          header = record;
          checkRequired(header, options.required, file, info.lines);
          continue;
        }
        // csv-parse hands out one record at a time, so batches are single rows here.
        if (record.length !== header.length) {
          reject(
            new DatasetError(
              'MALFORMED_ROW',
              `expected ${header.length} fields (${excerpt(header.join(','), 60)}), found ${record.length}: ${excerpt(record)}`,
              { file, line: info.lines },
            ),
          );
          continue;
        }
        const row: Record<string, string> = {};
        for (let c = 0; c < header.length; c++) row[header[c]] = record[c];
        yield [row];
      }
    } catch (error) {
      throw error instanceof CsvError ? wrap(error, file) : error;
    } finally {
      input.destroy();
    }
  }, options);
}

/** Streams a CSV file. See `parseCsv`. */
export function readCsv(
  path: string,
  options: Omit<CsvOptions, 'file'> = {},
): RecordStream<Record<string, string>> {
  return parseCsv(fileChunks(path), { ...options, file: path });
}

function checkRequired(
  header: string[],
  required: readonly string[] | undefined,
  file: string | undefined,
  line: number,
) {
  const missing = (required ?? []).filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new DatasetError(
      'MISSING_COLUMN',
      `header lacks column(s) ${missing.map((c) => JSON.stringify(c)).join(', ')}; found ${excerpt(header, 200)}`,
      { file, line },
    );
  }
}

function wrap(error: CsvError, file: string | undefined): DatasetError {
  const line = (error as CsvError & { lines?: number }).lines;
  return new DatasetError('MALFORMED_ROW', error.message, { file, line, cause: error });
}

async function* toChunks(source: TextSource): AsyncGenerator<Buffer> {
  if (typeof source === 'string' || source instanceof Uint8Array || source instanceof ArrayBuffer) {
    yield toBuffer(source);
    return;
  }
  if (typeof (source as ReadableStream).getReader === 'function') {
    for await (const chunk of Readable.fromWeb(source as import('node:stream/web').ReadableStream)) {
      yield toBuffer(chunk as string | Uint8Array);
    }
    return;
  }
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) yield toBuffer(chunk);
}

function toBuffer(chunk: string | Uint8Array | ArrayBuffer): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof ArrayBuffer) return Buffer.from(chunk);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new DatasetError(
    'INVALID_INPUT',
    `stream chunks must be strings or Uint8Arrays, found ${typeof chunk}`,
  );
}
