import { Argument, Option } from 'commander';
import { backendLine, initBackend } from '../lib/backend.js';
import { readTexts, type TextRecord } from '../lib/inputs.js';
import { architectureOf, loadModel, modelFolder } from '../lib/load-model.js';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { need, UsageError } from '../util/errors.js';
import type { JsonlStats } from '../util/jsonl.js';
import { int } from '../util/parse.js';

const TASKS = ['fill-mask', 'classify', 'answer', 'tag', 'embed'] as const;
type Task = (typeof TASKS)[number];

interface Options {
  model?: string;
  revision?: string;
  tokenizer?: string;
  input?: string;
  field: string;
  pairField?: string;
  question?: string;
  context?: string;
  questionField: string;
  contextField: string;
  topK: number;
  pooling: 'mean' | 'cls' | 'pooler';
  normalize: boolean;
  aggregation: 'none' | 'simple';
  skipBad: boolean;
}

export const registerPredict: Register = (program, context) => {
  const cmd = program
    .command('predict')
    .description(
      'run a model on text: fill-mask, classify, answer, tag, embed (arguments, a text file or JSONL)',
    )
    .addArgument(new Argument('<task>', 'what to predict').choices(TASKS))
    .argument('[text...]', 'texts (or --input); for answer, the context (with --question)')
    .option(
      '-m, --model <dir>',
      'model folder in HF layout (config.json, model.safetensors, spiece.model) or a Hub id org/name (required)',
    )
    .option('--revision <rev>', '-m (and -t) as Hub ids: branch, tag or commit (default: main)')
    .option('-t, --tokenizer <file>', 'SentencePiece .model or a Hub id (default: <model>/spiece.model)')
    .option('-i, --input <file>', '.jsonl (see --field) or a text file with one text per line')
    .option('--field <name>', 'JSONL field of the text', 'text')
    .option('--pair-field <name>', 'JSONL field of the second text (classify pairs)')
    .option('--question <text>', 'answer: the question (with the context as argument)')
    .option('--question-field <name>', 'answer: JSONL field of the question', 'question')
    .option('--context-field <name>', 'answer: JSONL field of the context', 'context')
    .option('-k, --top-k <n>', 'fill-mask/classify/answer: how many results per input', int(1), 1)
    .addOption(
      new Option('--pooling <how>', 'embed: pooling').choices(['mean', 'cls', 'pooler']).default('mean'),
    )
    .option('--normalize', 'embed: unit-length vectors', false)
    .addOption(
      new Option('--aggregation <how>', 'tag: merge B-/I- tokens')
        .choices(['none', 'simple'])
        .default('none'),
    )
    .option('--skip-bad', 'skip (and count) bad JSONL lines instead of stopping', false)
    .addHelpText(
      'after',
      '\nExamples:\n  albert predict classify -m runs/demo/models/spam-pretrained "WIN A FREE CRUISE NOW!!!"\n' +
        '  albert predict tag -m runs/demo/models/pos-pretrained "The jury said it."\n' +
        '  albert predict fill-mask -m runs/demo/models/pretrained "the jury said it did not [MASK] any evidence."\n' +
        '  albert predict answer -m qa-model --question "Who said it?" "The jury said it."\n' +
        '  albert predict embed -m runs/demo/models/pretrained --input texts.jsonl --json > vectors.jsonl',
    );
  withConfig(cmd).action(async (task: Task, texts: string[], o: Options) => {
    const { out, globals } = context(cmd);
    const dir = await modelFolder(need(o.model, '--model <dir>'), o.revision);
    const tok = await loadTokenizer(await tokenizerFile(dir, o.tokenizer, o.revision));
    if (task === 'answer' && !o.input && !o.question)
      throw new UsageError('answer needs --question (or --input with question/context fields)');
    const backend = await initBackend(globals);
    out.info(`back end: ${backendLine(backend)}`);
    const heads = await import('@albert-ts/heads');
    const core = await import('@albert-ts/core');
    const stats: JsonlStats = { read: 0, skipped: 0, firstErrors: [] };
    const inputs = readTexts({
      texts,
      input: o.input,
      field: task === 'answer' ? o.contextField : o.field,
      pairField: task === 'answer' ? o.questionField : o.pairField,
      skipBad: o.skipBad,
      stats,
    });
    const masked = architectureOf(dir) === 'AlbertForMaskedLM';
    const cls = {
      'fill-mask': masked ? heads.AlbertForMaskedLM : heads.AlbertForPreTraining,
      classify: heads.AlbertForSequenceClassification,
      answer: heads.AlbertForQuestionAnswering,
      tag: heads.AlbertForTokenClassification,
      embed: core.AlbertModel,
    }[task];
    // biome-ignore lint/suspicious/noExplicitAny: each task's pipeline takes its own model class
    const m: any = await loadModel(cls, dir, { out });
    // Each task: its pipeline call, and the result as a JSON object and as a line of text.
    const run = {
      'fill-mask': async (r: TextRecord) => {
        const res = await heads.fillMask(m, tok, r.text, { topK: o.topK });
        const masks = res.map((l) =>
          l.map((p) => ({ token: p.tokenStr, score: p.score, sequence: p.sequence })),
        );
        const text = masks.map((l) => l.map((p) => `${p.token} (${p.score.toFixed(3)})`).join('  '));
        return [{ line: r.line, text: r.text, masks }, text.join('\n')] as const;
      },
      classify: async (r: TextRecord) => {
        const input = r.pair !== undefined ? { text: r.text, textPair: r.pair } : r.text;
        const labels = await heads.classify(m, tok, input, { topK: o.topK });
        const text = labels.map((l) => `${l.label} (${l.score.toFixed(4)})`).join('  ');
        return [{ line: r.line, text: r.text, labels }, text] as const;
      },
      answer: async (r: TextRecord) => {
        const question = r.pair ?? o.question!;
        const answers = await heads.answer(m, tok, { question, context: r.text }, { topK: o.topK });
        const text = answers.map((a) => `${a.answer}\t${a.score.toFixed(4)}\t[${a.start}, ${a.end})`);
        return [{ line: r.line, question, answers }, text.join('\n')] as const;
      },
      tag: async (r: TextRecord) => {
        const tags = await heads.tagTokens(m, tok, r.text, { aggregation: o.aggregation, ignoreLabels: [] });
        return [
          { line: r.line, text: r.text, tags },
          tags.map((t) => `${t.word}/${t.entity}`).join(' '),
        ] as const;
      },
      embed: async (r: TextRecord) => {
        const [v] = await heads.embed(m, tok, [r.text], { pooling: o.pooling, normalize: o.normalize });
        const head = v!.slice(0, 8).map((x) => x.toFixed(4));
        return [
          { line: r.line, text: r.text, embedding: v },
          `${head.join(' ')} … (${v!.length} values)`,
        ] as const;
      },
    }[task];
    try {
      for await (const r of inputs) {
        const [json, text] = await run(r);
        out.result(json, text);
      }
    } finally {
      m.dispose();
    }
    if (stats.skipped > 0) {
      out.event(
        'skipped',
        { skipped: stats.skipped, read: stats.read, first: stats.firstErrors },
        `skipped ${stats.skipped} bad line(s) of ${stats.read}; first: ${stats.firstErrors[0]}`,
      );
    }
  });
};
