import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { TrainingError } from '../errors.js';
import type { PretrainingDocument } from '../pretraining/types.js';

export interface ReadDocumentsOptions {
  /**
   * `'text'`: the reference format of create_pretraining_data.py — one sentence per line, blank
   * lines between documents. `'jsonl'`: one document per line, a JSON string, an array of
   * sentences, or an object whose `field` holds either. Default: from the extension
   * (`.jsonl`/`.ndjson` → jsonl, otherwise text).
   */
  format?: 'text' | 'jsonl';
  /** JSONL object field holding the document. Default 'text' (then 'sentences'). */
  field?: string;
}

/**
 * Streams documents from files, one line at a time, so a corpus larger than memory can feed
 * `createPretrainingExamples`. Several files are read in the order given.
 */
export async function* readDocuments(
  paths: string | readonly string[],
  opts: ReadDocumentsOptions = {},
): AsyncGenerator<PretrainingDocument> {
  const list = typeof paths === 'string' ? [paths] : paths;
  for (const path of list) {
    const format = opts.format ?? (/\.(jsonl|ndjson)$/i.test(path) ? 'jsonl' : 'text');
    if (format !== 'text' && format !== 'jsonl') {
      throw new TrainingError(
        'INVALID_OPTION',
        `option format: expected 'text' | 'jsonl', found ${JSON.stringify(format)}`,
      );
    }
    const lines = createInterface({
      input: createReadStream(path, { encoding: 'utf8' }),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    if (format === 'text') {
      let doc: string[] = [];
      for await (const line of lines) {
        const t = line.trim();
        if (t) doc.push(t);
        else if (doc.length) {
          yield doc;
          doc = [];
        }
      }
      if (doc.length) yield doc;
    } else {
      let n = 0;
      for await (const line of lines) {
        n++;
        if (!line.trim()) continue;
        yield parseJsonlDocument(line, path, n, opts.field);
      }
    }
  }
}

function parseJsonlDocument(line: string, path: string, n: number, field?: string): PretrainingDocument {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch (e) {
    throw new TrainingError('INVALID_INPUT', `${path}:${n}: not valid JSON (${(e as Error).message})`);
  }
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    v = field ? o[field] : (o.text ?? o.sentences);
  }
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v as string[];
  throw new TrainingError(
    'INVALID_INPUT',
    `${path}:${n}: expected a string, an array of strings or an object with "${field ?? 'text'}", found ${JSON.stringify(v)?.slice(0, 80)}`,
  );
}
