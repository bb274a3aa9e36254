import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { UsageError } from '../util/errors.js';
import { requireFile } from '../util/files.js';
import { type JsonlStats, readJsonl } from '../util/jsonl.js';

export interface TextRecord {
  /** Line number (1-based) or argument index. */
  line: number;
  text: string;
  pair?: string;
  /** The whole JSON record (JSONL input), passed through to the output. */
  record?: Record<string, unknown>;
}

export interface TextInputOptions {
  texts: string[];
  input?: string;
  field: string;
  pairField?: string;
  skipBad?: boolean;
  stats?: JsonlStats;
}

/**
 * Texts from the command line, or from a file: `.jsonl` (a string field per line; bad lines are a
 * usage error or skipped with --skip-bad) or plain text (one text per line).
 */
export async function* readTexts(o: TextInputOptions): AsyncGenerator<TextRecord> {
  if (o.input && o.texts.length > 0) throw new UsageError('give texts as arguments or --input, not both');
  if (!o.input) {
    if (o.texts.length === 0) throw new UsageError('no input: give a text argument or --input <file>');
    let i = 0;
    for (const text of o.texts) yield { line: ++i, text };
    return;
  }
  const file = requireFile(o.input, 'input file');
  if (/\.jsonl$|\.ndjson$/i.test(file)) {
    let line = 0;
    const fields = o.pairField ? [o.field, o.pairField] : [o.field];
    const check = (v: unknown) => {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'expected a JSON object';
      const r = v as Record<string, unknown>;
      for (const f of fields) if (typeof r[f] !== 'string') return `missing string field '${f}'`;
      return r;
    };
    for await (const r of readJsonl(o.input, check, { skipBad: o.skipBad, stats: o.stats })) {
      line += 1;
      yield {
        line,
        text: r[o.field] as string,
        ...(o.pairField ? { pair: r[o.pairField] as string } : {}),
        record: r,
      };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() !== '') yield { line, text };
  }
}
