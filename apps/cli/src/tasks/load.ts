import { DatasetError } from '@albert-ts/datasets';
import { oneLine, UsageError } from '../util/errors.js';
import { requirePath } from '../util/files.js';
import { readJsonl } from '../util/jsonl.js';
import { assertUtf8 } from './check-utf8.js';
import type { ChoiceExample, ClsExample, LoadedData, QaExample, TagExample, TaskKind } from './examples.js';

export interface SourceOptions {
  /** A file (or RACE folder); omitted with --dataset. */
  file?: string;
  /** Embedded set: spam, brown-genre, brown-pos. */
  dataset?: string;
  split: 'train' | 'dev' | 'test';
  /** GLUE task of a TSV file (cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, wnli). */
  glue?: string;
  textField: string;
  pairField?: string;
  labelField: string;
  tokensField: string;
  tagsField: string;
  skipBad: boolean;
  seed: number;
}

export const EMBEDDED: Record<string, TaskKind> = {
  spam: 'classification',
  'brown-genre': 'classification',
  'brown-pos': 'token-classification',
};

/**
 * Errors about the user's input are usage errors (exit 2, one line): a dataset error (a malformed
 * row, a missing file) or a library's INVALID_INPUT (e.g. a label the model does not know).
 */
export async function asUsage<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof DatasetError || (err as { code?: string }).code === 'INVALID_INPUT')
      throw new UsageError(oneLine(err));
    throw err;
  }
}

function badRow(skip: boolean) {
  return { onBadRow: skip ? ('skip' as const) : ('throw' as const) };
}

export async function loadExamples(kind: TaskKind, o: SourceOptions): Promise<LoadedData<unknown>> {
  if (o.dataset) return loadEmbedded(kind, o);
  if (!o.file) throw new UsageError(`no ${o.split} data: give a file or --dataset`);
  requirePath(o.file, `${o.split} data`);
  assertUtf8(o.file);
  switch (kind) {
    case 'classification':
    case 'regression':
      return asUsage(() => loadCls(kind, o));
    case 'token-classification':
      return asUsage(() => loadTags(o));
    case 'qa':
      return asUsage(() => loadSquad(o));
    case 'multiple-choice':
      return asUsage(() => loadChoice(o));
  }
}

async function loadEmbedded(kind: TaskKind, o: SourceOptions): Promise<LoadedData<unknown>> {
  const want = EMBEDDED[o.dataset!];
  if (!want)
    throw new UsageError(`unknown dataset '${o.dataset}' (embedded: ${Object.keys(EMBEDDED).join(', ')})`);
  if (want !== kind) throw new UsageError(`dataset ${o.dataset} is a ${want} task, not ${kind}`);
  const ds = await import('@albert-ts/datasets/node');
  if (o.dataset === 'spam') {
    const s = await ds.loadSpamAssassin({ seed: o.seed });
    const examples: ClsExample[] = s[o.split].map((e) => ({ id: e.id, text: e.text, label: e.label }));
    return { examples, labelNames: s.labels, skipped: 0 };
  }
  if (o.dataset === 'brown-genre') {
    const g = await ds.loadBrownGenres({ seed: o.seed });
    const examples: ClsExample[] = g[o.split].map((e) => ({ id: e.id, text: e.text, label: e.genre }));
    return { examples, labelNames: g.labels, skipped: 0 };
  }
  const p = await ds.loadBrownPos({ seed: o.seed, tagset: 'universal' });
  const examples: TagExample[] = p[o.split].map((s) => ({ id: s.id, words: s.tokens, tags: s.tags }));
  return { examples, labelNames: p.labels, skipped: 0 };
}

type Row = Record<string, unknown>;

/** JSONL examples: each line an object that `make` turns into an example, or a string saying what is wrong. */
async function jsonlExamples<E>(
  o: SourceOptions,
  make: (r: Row, n: number) => E | string,
): Promise<LoadedData<E>> {
  const stats = { read: 0, skipped: 0, firstErrors: [] as string[] };
  const examples: E[] = [];
  const check = (v: unknown) =>
    v === null || typeof v !== 'object' || Array.isArray(v)
      ? 'expected a JSON object'
      : make(v as Row, examples.length + 1);
  for await (const e of readJsonl(o.file!, check, { skipBad: o.skipBad, stats })) examples.push(e);
  return { examples, skipped: stats.skipped };
}

/** The examples of a dataset reader's record stream (its bad-row policy counts what it skipped). */
async function streamExamples<R, E>(
  stream: AsyncIterable<R> & { stats: { skipped: number } },
  make: (r: R, i: number) => E,
): Promise<LoadedData<E>> {
  const examples: E[] = [];
  for await (const r of stream) examples.push(make(r, examples.length + 1));
  return { examples, skipped: stream.stats.skipped };
}

async function loadCls(kind: TaskKind, o: SourceOptions): Promise<LoadedData<ClsExample>> {
  const file = o.file!;
  const ds = await import('@albert-ts/datasets/node');
  if (o.glue || /\.tsv$/i.test(file)) {
    if (!o.glue) throw new UsageError(`${file}: a .tsv file needs --glue <task> (its column layout)`);
    const task = o.glue as Parameters<typeof ds.readGlue>[1];
    if (!(task in ds.GLUE_TASKS))
      throw new UsageError(`unknown GLUE task '${o.glue}' (${Object.keys(ds.GLUE_TASKS).join(', ')})`);
    const names = ds.GLUE_TASKS[task].labelNames;
    const data = await streamExamples(ds.readGlue(file, task, badRow(o.skipBad)), (r): ClsExample => {
      if (r.label === undefined)
        throw new UsageError(`${file}: row ${r.idx} has no label (a test file cannot be used here)`);
      const pair = r.sentence2 !== undefined ? { pair: r.sentence2 } : {};
      return { id: String(r.idx), text: r.sentence1, ...pair, label: names ? names[r.label]! : r.label };
    });
    return { ...data, ...(names ? { labelNames: [...names] } : {}), glueTask: task };
  }
  const label = (v: unknown) => (kind === 'regression' ? Number(v) : String(v));
  if (/\.csv$/i.test(file)) {
    return streamExamples(ds.readCsv(file, badRow(o.skipBad)), (r, i): ClsExample => {
      const text = r[o.textField];
      if (text === undefined || r[o.labelField] === undefined)
        throw new UsageError(`${file}: row ${i} has no '${o.textField}' or '${o.labelField}' column`);
      const pair = o.pairField && r[o.pairField] !== undefined ? { pair: r[o.pairField]! } : {};
      return { id: String(i), text, ...pair, label: label(r[o.labelField]) };
    });
  }
  return jsonlExamples(o, (r, n): ClsExample | string => {
    if (typeof r[o.textField] !== 'string') return `missing string field '${o.textField}'`;
    if (o.pairField && typeof r[o.pairField] !== 'string') return `missing string field '${o.pairField}'`;
    const v = r[o.labelField];
    const ok =
      kind === 'regression'
        ? typeof v === 'number' && Number.isFinite(v)
        : typeof v === 'string' || Number.isInteger(v);
    if (!ok)
      return `field '${o.labelField}' must be ${kind === 'regression' ? 'a number' : 'a string or an integer'}`;
    return {
      id: typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : String(n),
      text: r[o.textField] as string,
      ...(o.pairField ? { pair: r[o.pairField] as string } : {}),
      label: label(v),
    };
  });
}

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((w) => typeof w === 'string');

async function loadTags(o: SourceOptions): Promise<LoadedData<TagExample>> {
  const file = o.file!;
  if (/\.jsonl$|\.ndjson$/i.test(file)) {
    return jsonlExamples(o, (r, n): TagExample | string => {
      const words = r[o.tokensField];
      const tags = r[o.tagsField];
      if (!strings(words)) return `field '${o.tokensField}' must be an array of strings`;
      if (!strings(tags)) return `field '${o.tagsField}' must be an array of strings`;
      if (words.length !== tags.length) return `${words.length} tokens but ${tags.length} tags`;
      return { id: String(r.id ?? n), words, tags };
    });
  }
  const ds = await import('@albert-ts/datasets/node');
  return streamExamples(ds.readConll(file, badRow(o.skipBad)), (s): TagExample => {
    // The tag is the last column (CoNLL-2003: token POS chunk NER).
    const tags = s.columns.length > 1 ? s.columns[s.columns.length - 1]! : undefined;
    if (!tags) throw new UsageError(`${file}:${s.line}: the sentence has no tag column`);
    return { id: String(s.idx), words: s.tokens, tags };
  });
}

async function loadSquad(o: SourceOptions): Promise<LoadedData<QaExample>> {
  const ds = await import('@albert-ts/datasets/node');
  const r = await ds.readSquad(o.file!, badRow(o.skipBad));
  const examples: QaExample[] = r.examples.map(({ id, question, context, answers, isImpossible }) => ({
    id,
    question,
    context,
    answers,
    isImpossible,
  }));
  return { examples, squad: { data: r.data, version: r.version }, skipped: r.stats.skipped };
}

async function loadChoice(o: SourceOptions): Promise<LoadedData<ChoiceExample>> {
  const file = o.file!;
  const { statSync } = await import('node:fs');
  if (statSync(file).isDirectory()) {
    const ds = await import('@albert-ts/datasets/node');
    const stream = ds.readRace(file, { ...badRow(o.skipBad), splits: [o.split] });
    return streamExamples(
      stream,
      (e): ChoiceExample => ({
        id: e.id,
        context: e.article,
        question: e.question,
        options: e.options,
        label: 'ABCD'.indexOf(e.answer),
        level: e.level,
      }),
    );
  }
  return jsonlExamples(o, (r, n): ChoiceExample | string => {
    const context = r.context ?? r.article;
    const options = r.options ?? r.choices;
    if (typeof context !== 'string') return "missing string field 'context' (or 'article')";
    if (typeof r.question !== 'string') return "missing string field 'question'";
    if (!strings(options) || options.length < 2)
      return "field 'options' must be an array of at least two strings";
    const ans = r.label ?? r.answer;
    const label = typeof ans === 'string' && /^[A-Z]$/.test(ans) ? ans.charCodeAt(0) - 65 : ans;
    if (!Number.isInteger(label) || (label as number) < 0 || (label as number) >= options.length)
      return `'label' must be an option index or letter, found ${JSON.stringify(ans)}`;
    return { id: String(r.id ?? n), context, question: r.question, options, label: label as number };
  });
}
