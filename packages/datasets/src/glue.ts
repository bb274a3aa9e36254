// The task names are @albert-ts/evaluation's (type-only: nothing of it is loaded at run time), so a
// task read here is a task scored there. See evaluation's squad-data.ts for why this direction.
import type { GlueTask } from '@albert-ts/evaluation';
import { DatasetError, excerpt } from './errors.js';
import { lineBatches, type TextSource } from './lines.js';
import { type BadRowOptions, collectBatch, RecordStream } from './record-stream.js';

export type { GlueTask };

/** The GLUE tasks that have files in the GLUE release: all but `hans` (a metric config only). */
export type GlueFileTask = Exclude<GlueTask, 'hans'>;

/** How one GLUE task's TSV files are laid out: folder, text and label columns, label names. */
export interface GlueTaskSpec {
  /** Folder of the task in the GLUE release (`glue_data/<folder>/…`). */
  folder: string;
  /** TSV columns read as `sentence1` and (pair tasks) `sentence2`, in Hugging Face's order. */
  textColumns: readonly string[];
  /** TSV column holding the label (absent in test files). `null` for AX, which has no labels. */
  labelColumn: string | null;
  /** Class names in Hugging Face's label order; `null` for the STS-B regression. */
  labelNames: readonly string[] | null;
}

const NLI3 = ['entailment', 'neutral', 'contradiction'] as const;
const MNLI = (folder: string) => ({
  folder,
  textColumns: ['sentence1', 'sentence2'],
  labelColumn: 'gold_label',
  labelNames: NLI3,
});

/** Column layouts and label mappings of the GLUE files, as Hugging Face's `glue` dataset reads them. */
export const GLUE_TASKS: Readonly<Record<GlueFileTask, GlueTaskSpec>> = {
  cola: {
    folder: 'CoLA',
    textColumns: ['sentence'],
    labelColumn: 'is_acceptable',
    labelNames: ['unacceptable', 'acceptable'],
  },
  sst2: {
    folder: 'SST-2',
    textColumns: ['sentence'],
    labelColumn: 'label',
    labelNames: ['negative', 'positive'],
  },
  mrpc: {
    folder: 'MRPC',
    textColumns: ['#1 String', '#2 String'],
    labelColumn: 'Quality',
    labelNames: ['not_equivalent', 'equivalent'],
  },
  qqp: {
    folder: 'QQP',
    textColumns: ['question1', 'question2'],
    labelColumn: 'is_duplicate',
    labelNames: ['not_duplicate', 'duplicate'],
  },
  stsb: { folder: 'STS-B', textColumns: ['sentence1', 'sentence2'], labelColumn: 'score', labelNames: null },
  mnli: MNLI('MNLI'),
  mnli_matched: MNLI('MNLI'),
  mnli_mismatched: MNLI('MNLI'),
  qnli: {
    folder: 'QNLI',
    textColumns: ['question', 'sentence'],
    labelColumn: 'label',
    labelNames: ['entailment', 'not_entailment'],
  },
  rte: {
    folder: 'RTE',
    textColumns: ['sentence1', 'sentence2'],
    labelColumn: 'label',
    labelNames: ['entailment', 'not_entailment'],
  },
  wnli: {
    folder: 'WNLI',
    textColumns: ['sentence1', 'sentence2'],
    labelColumn: 'label',
    labelNames: ['not_entailment', 'entailment'],
  },
  ax: { folder: 'diagnostic', textColumns: ['sentence1', 'sentence2'], labelColumn: null, labelNames: NLI3 },
};

/** A split of the GLUE release; MNLI has matched and mismatched dev and test files. */
export type GlueSplit =
  | 'train'
  | 'dev'
  | 'test'
  | 'dev_matched'
  | 'dev_mismatched'
  | 'test_matched'
  | 'test_mismatched';

/** File name of a split in the GLUE release, e.g. `('mnli_mismatched', 'dev')` → `dev_mismatched.tsv`. */
export function glueFileName(task: GlueFileTask, split: GlueSplit): string {
  spec(task);
  if (task === 'ax') {
    if (split !== 'test')
      throw new DatasetError('INVALID_OPTION', `GLUE task ax has only a test split, asked for ${split}`);
    return 'AX.tsv';
  }
  const mnliSide = task === 'mnli_matched' ? 'matched' : task === 'mnli_mismatched' ? 'mismatched' : null;
  if (mnliSide) {
    if (split === 'dev' || split === 'test') return `${split}_${mnliSide}.tsv`;
    if (split.endsWith(`_${mnliSide}`)) return `${split}.tsv`;
    throw new DatasetError(
      'INVALID_OPTION',
      `GLUE task ${task} has dev and test splits only, asked for ${split}`,
    );
  }
  if (task === 'mnli') {
    if (split === 'dev' || split === 'test') {
      throw new DatasetError(
        'INVALID_OPTION',
        `GLUE task mnli: say dev_matched/dev_mismatched (or test_…), not ${split}`,
      );
    }
    return `${split}.tsv`;
  }
  if (split !== 'train' && split !== 'dev' && split !== 'test') {
    throw new DatasetError(
      'INVALID_OPTION',
      `GLUE task ${task} has train/dev/test splits, asked for ${split}`,
    );
  }
  return `${split}.tsv`;
}

/**
 * One row of a GLUE TSV file, with the fields of Hugging Face's `glue` dataset (`idx`, `sentence1`,
 * `sentence2`, `label`).
 */
export interface GlueRecord {
  /** Row number among the data rows (0-based, header excluded), as Hugging Face's `idx`. */
  idx: number;
  sentence1: string;
  /** Second text of pair tasks (MNLI hypothesis, QNLI sentence, QQP question2, …). */
  sentence2?: string;
  /** Class index in `GLUE_TASKS[task].labelNames` order, or the STS-B score; absent in test files. */
  label?: number;
}

/** Options of `parseGlueTsv` / `readGlue`: a file name for messages and the bad-row policy. */
export interface GlueReadOptions extends BadRowOptions {
  /** Name for error messages. */
  file?: string;
}

/**
 * Streams the records of a GLUE TSV file (tab-separated, no quoting, like Hugging Face's
 * `csv.DictReader(quoting=QUOTE_NONE)`). CoLA train/dev have no header (source, label, mark, sentence);
 * every other file has one. Test files (no label column) give records without `label`.
 */
export function parseGlueTsv(
  source: TextSource,
  task: GlueFileTask,
  options: GlueReadOptions = {},
): RecordStream<GlueRecord> {
  const taskSpec = spec(task);
  const file = options.file;
  return new RecordStream<GlueRecord>(async function* (reject) {
    let layout: Layout | null = null;
    let idx = 0;
    for await (const { lines, first } of lineBatches(source, { file })) {
      const { out, error } = collectBatch<GlueRecord>(lines.length, (i, records) => {
        const text = lines[i];
        if (text.length === 0) return;
        const line = first + i;
        const fields = text.split('\t');
        if (layout === null) {
          layout = detectLayout(task, taskSpec, fields, file, line);
          if (layout.header) return;
        }
        const n = idx++;
        try {
          records.push(toRecord(n, fields, layout, taskSpec, file, line));
        } catch (error) {
          if (!(error instanceof DatasetError)) throw error;
          reject(error);
        }
      });
      yield out;
      if (error !== undefined) throw error;
    }
  }, options);
}

interface Layout {
  header: boolean;
  text: number[];
  label: number;
  /** Names of the columns, for messages. */
  names: string[];
}

function detectLayout(
  task: GlueFileTask,
  taskSpec: GlueTaskSpec,
  fields: string[],
  file: string | undefined,
  line: number,
): Layout {
  if (task === 'cola' && !(fields[0] === 'index' && fields[1] === 'sentence')) {
    return { header: false, text: [3], label: 1, names: ['source', 'is_acceptable', 'mark', 'sentence'] };
  }
  const text = taskSpec.textColumns.map((name) => {
    const at = fields.indexOf(name);
    if (at === -1) {
      throw new DatasetError(
        'MISSING_COLUMN',
        `GLUE ${task} header lacks column ${JSON.stringify(name)}; expected ${taskSpec.textColumns
          .map((c) => JSON.stringify(c))
          .join(', ')}, found ${excerpt(fields, 200)}`,
        { file, line },
      );
    }
    return at;
  });
  const label = taskSpec.labelColumn === null ? -1 : fields.indexOf(taskSpec.labelColumn);
  return { header: true, text, label, names: fields };
}

function toRecord(
  idx: number,
  fields: string[],
  layout: Layout,
  taskSpec: GlueTaskSpec,
  file: string | undefined,
  line: number,
): GlueRecord {
  const needed = Math.max(layout.label, ...layout.text) + 1;
  if (fields.length < needed) {
    const missing = layout.names.slice(fields.length, needed).map((c) => JSON.stringify(c));
    throw new DatasetError(
      'MALFORMED_ROW',
      `expected at least ${needed} tab-separated fields, found ${fields.length} (missing ${missing.join(', ')}): ${excerpt(fields.join('\t'))}`,
      { file, line },
    );
  }
  const record: GlueRecord = { idx, sentence1: fields[layout.text[0]] };
  if (layout.text.length > 1) record.sentence2 = fields[layout.text[1]];
  if (layout.label >= 0) record.label = parseLabel(fields[layout.label], taskSpec, file, line);
  return record;
}

const INT = /^\s*[+-]?\d+\s*$/;
const FLOAT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function parseLabel(raw: string, taskSpec: GlueTaskSpec, file: string | undefined, line: number): number {
  const names = taskSpec.labelNames;
  if (names === null) {
    if (FLOAT.test(raw)) return Number.parseFloat(raw);
    throw new DatasetError('BAD_LABEL', `expected a numeric ${taskSpec.labelColumn}, found ${excerpt(raw)}`, {
      file,
      line,
    });
  }
  const named = names.indexOf(raw);
  if (named !== -1) return named;
  if (INT.test(raw)) {
    const value = Number.parseInt(raw, 10);
    if (value >= 0 && value < names.length) return value;
  }
  throw new DatasetError(
    'BAD_LABEL',
    `expected ${taskSpec.labelColumn} to be one of ${names.join('/')} or 0..${names.length - 1}, found ${excerpt(raw)}`,
    { file, line },
  );
}

function spec(task: GlueFileTask): GlueTaskSpec {
  const s = Object.hasOwn(GLUE_TASKS, task) ? GLUE_TASKS[task] : undefined;
  if (!s) {
    throw new DatasetError(
      'INVALID_OPTION',
      `unknown GLUE task ${excerpt(task)}; expected one of ${Object.keys(GLUE_TASKS).join(', ')}`,
    );
  }
  return s;
}
