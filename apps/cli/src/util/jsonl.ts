import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { oneLine, UsageError } from './errors.js';
import { requireFile } from './files.js';

export interface JsonlStats {
  /** Lines read (blank lines excluded). */
  read: number;
  /** Bad lines skipped with --skip-bad. */
  skipped: number;
  /** The first few skipped lines' reasons, for the summary line. */
  firstErrors: string[];
}

/**
 * Checks one parsed JSON record; returns the typed record, or a string saying what is wrong with
 * it (e.g. "missing string field 'text'").
 */
export type RecordCheck<T> = (value: unknown) => T | string;

/**
 * Streams a JSONL file. A line that is not JSON or fails `check` is a usage error naming the file
 * and line (exit 2), unless `skipBad`, in which case it is counted in `stats` and skipped.
 */
export async function* readJsonl<T>(
  path: string,
  check: RecordCheck<T>,
  opts: { skipBad?: boolean; stats?: JsonlStats } = {},
): AsyncGenerator<T> {
  const file = requireFile(path, 'input file');
  const stats = opts.stats ?? { read: 0, skipped: 0, firstErrors: [] };
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const raw of lines) {
    lineNo += 1;
    const line = raw.trim();
    if (line === '') continue;
    stats.read += 1;
    let problem: string;
    try {
      const checked = check(JSON.parse(line));
      if (typeof checked !== 'string') {
        yield checked;
        continue;
      }
      problem = checked;
    } catch (err) {
      if (err instanceof UsageError) throw err;
      problem = `not valid JSON (${oneLine(err)})`;
    }
    const where = `${path}:${lineNo}: ${problem}`;
    if (!opts.skipBad) throw new UsageError(`${where} (use --skip-bad to skip bad lines)`);
    stats.skipped += 1;
    if (stats.firstErrors.length < 3) stats.firstErrors.push(where);
  }
}

/** A check for objects with the given string fields (and optional extra fields of any type). */
export function stringFields<K extends string>(
  ...fields: K[]
): RecordCheck<Record<K, string> & Record<string, unknown>> {
  return (value) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
    const obj = value as Record<string, unknown>;
    for (const f of fields) {
      if (typeof obj[f] !== 'string') return `missing string field '${f}'`;
    }
    return obj as Record<K, string> & Record<string, unknown>;
  };
}
