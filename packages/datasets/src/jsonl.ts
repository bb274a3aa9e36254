import { DatasetError, excerpt } from './errors.js';
import { lineBatches, type TextSource } from './lines.js';
import { type BadRowOptions, collectBatch, RecordStream } from './record-stream.js';

/**
 * Options of `parseJsonl` / `readJsonl`: a file name for messages, required fields, the bad-row
 * policy.
 */
export interface JsonlOptions extends BadRowOptions {
  /** Name for error messages. */
  file?: string;
  /** Fields every record must have (a record without one is a malformed row). */
  required?: readonly string[];
}

/**
 * Streams a JSON Lines source: one JSON object per line, blank lines ignored.
 * A line that is not valid JSON, not an object, or lacks a required field is a malformed row.
 */
export function parseJsonl<T extends object = Record<string, unknown>>(
  source: TextSource,
  options: JsonlOptions = {},
): RecordStream<T> {
  const file = options.file;
  const required = options.required ?? [];
  return new RecordStream<T>(async function* (reject) {
    for await (const { lines, first } of lineBatches(source, { file })) {
      const { out, error } = collectBatch<T>(lines.length, (i, records) => {
        const text = lines[i];
        if (isBlank(text)) return;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (cause) {
          reject(
            new DatasetError('BAD_JSON', `invalid JSON (${(cause as Error).message}): ${excerpt(text)}`, {
              file,
              line: first + i,
              cause,
            }),
          );
          return;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
          reject(
            new DatasetError('MALFORMED_ROW', `expected a JSON object, found ${excerpt(text)}`, {
              file,
              line: first + i,
            }),
          );
          return;
        }
        for (const key of required) {
          if (!Object.hasOwn(value, key)) {
            const missing = required.filter((k) => !Object.hasOwn(value as object, k));
            reject(
              new DatasetError(
                'MISSING_COLUMN',
                `record lacks field(s) ${missing.map((k) => JSON.stringify(k)).join(', ')}: ${excerpt(text)}`,
                { file, line: first + i },
              ),
            );
            return;
          }
        }
        records.push(value as T);
      });
      yield out;
      if (error !== undefined) throw error;
    }
  }, options);
}

function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13) return false;
  }
  return true;
}
