import { DatasetError, excerpt } from './errors.js';
import { lineBatches, type TextSource } from './lines.js';
import { type BadRowOptions, collectBatch, RecordStream } from './record-stream.js';

/** Options of `parseConll` / `readConll`: the column layout and the bad-row policy. */
export interface ConllOptions extends BadRowOptions {
  /** Name for error messages. */
  file?: string;
  /**
   * Column separator: `'whitespace'` (default: any run of spaces/tabs, as CoNLL-2003) or `'tab'`
   * (tokens may then contain spaces, as CoNLL-U).
   */
  separator?: 'whitespace' | 'tab';
  /** Expected number of columns; by default the first token line of the file sets it. */
  columns?: number;
  /** Lines starting with this are comments and ignored (e.g. `'#'` for CoNLL-U). Off by default. */
  commentPrefix?: string;
}

/** One sentence of a CoNLL file: its tokens and every column of its token lines. */
export interface ConllSentence {
  /** 0-based sentence number in the file. */
  idx: number;
  /** 0-based document number: increases at each `-DOCSTART-` line after the first sentence. */
  doc: number;
  /** Line number of the sentence's first token. */
  line: number;
  /** The first column. */
  tokens: string[];
  /** All columns, column-major: `columns[c][t]`; `columns[0]` is `tokens`. */
  columns: string[][];
}

/**
 * Streams sentences of a CoNLL-style file: one token per line with its columns, blank lines
 * between sentences, `-DOCSTART-` lines between documents. A line whose column count differs
 * from the file's is a malformed row: the whole sentence holding it is rejected.
 */
export function parseConll(source: TextSource, options: ConllOptions = {}): RecordStream<ConllSentence> {
  const file = options.file;
  const tab = (options.separator ?? 'whitespace') === 'tab';
  if (options.separator !== undefined && options.separator !== 'tab' && options.separator !== 'whitespace') {
    throw new DatasetError(
      'INVALID_OPTION',
      `separator must be 'whitespace' or 'tab', found ${excerpt(options.separator)}`,
    );
  }
  const comment = options.commentPrefix;
  return new RecordStream<ConllSentence>(async function* (reject) {
    let width = options.columns ?? 0;
    let idx = 0;
    let doc = 0;
    let sawSentenceInDoc = false;
    let rows: string[][] = [];
    let startLine = 0;
    let bad: DatasetError | null = null;

    const flush = (out: ConllSentence[]): void => {
      if (rows.length === 0 && bad === null) return;
      const n = idx++;
      if (bad !== null) {
        const error = bad;
        bad = null;
        rows = [];
        reject(error);
        return;
      }
      const columns: string[][] = Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
      rows = [];
      sawSentenceInDoc = true;
      out.push({ idx: n, doc, line: startLine, tokens: columns[0], columns });
    };

    for await (const { lines, first } of lineBatches(source, { file })) {
      const { out, error } = collectBatch<ConllSentence>(lines.length, (i, sentences) => {
        const text = lines[i];
        const line = first + i;
        if (comment !== undefined && text.startsWith(comment)) return;
        const trimmed = text.trim();
        if (trimmed.length === 0) {
          flush(sentences);
          return;
        }
        if (trimmed.startsWith('-DOCSTART-')) {
          flush(sentences);
          if (sawSentenceInDoc) doc++;
          sawSentenceInDoc = false;
          return;
        }
        if (rows.length === 0 && bad === null) startLine = line;
        if (bad !== null) return;
        const fields = tab ? text.split('\t') : trimmed.split(/\s+/);
        if (width === 0) width = fields.length;
        if (fields.length !== width || (tab && fields.some((f) => f.length === 0))) {
          bad = new DatasetError(
            'MALFORMED_ROW',
            `expected ${width} ${tab ? 'tab-separated non-empty' : 'whitespace-separated'} columns, found ${fields.length}: ${excerpt(text)}`,
            { file, line },
          );
          return;
        }
        rows.push(fields);
      });
      yield out;
      if (error !== undefined) throw error;
    }
    const last: ConllSentence[] = [];
    flush(last);
    yield last;
  }, options);
}
