import { Argument, Option } from 'commander';
import { backendLine, initBackend } from '../lib/backend.js';
import { readTexts } from '../lib/inputs.js';
import { architectureOf, loadModelDir } from '../lib/load-model.js';
import { loadTokenizer, tokenizerPath } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { need, UsageError } from '../util/errors.js';
import type { JsonlStats } from '../util/jsonl.js';
import { int } from '../util/parse.js';

const TASKS = ['fill-mask', 'classify', 'answer', 'tag', 'embed'] as const;
type Task = (typeof TASKS)[number];

interface Options {
  model?: string;
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
      'model folder in HF layout (config.json, model.safetensors, spiece.model) (required)',
    )
    .option('-t, --tokenizer <file>', 'SentencePiece .model (default: <model>/spiece.model)')
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
    const dir = need(o.model, '--model <dir>');
    const tok = await loadTokenizer(tokenizerPath(dir, o.tokenizer));
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
    const arch = await architectureOf(dir);
    let model: { dispose(): void };
    switch (task) {
      case 'fill-mask': {
        const m =
          arch === 'AlbertForMaskedLM'
            ? await loadModelDir(heads.AlbertForMaskedLM, dir, out)
            : await loadModelDir(heads.AlbertForPreTraining, dir, out);
        model = m;
        for await (const r of inputs) {
          const res = await heads.fillMask(m, tok, r.text, { topK: o.topK });
          const flat = res.map((list) =>
            list.map((p) => ({ token: p.tokenStr, score: p.score, sequence: p.sequence })),
          );
          out.result(
            { line: r.line, text: r.text, masks: flat },
            flat.map((l) => l.map((p) => `${p.token} (${p.score.toFixed(3)})`).join('  ')).join('\n'),
          );
        }
        break;
      }
      case 'classify': {
        const m = await loadModelDir(heads.AlbertForSequenceClassification, dir, out);
        model = m;
        for await (const r of inputs) {
          const res = await heads.classify(
            m,
            tok,
            r.pair !== undefined ? { text: r.text, textPair: r.pair } : r.text,
            { topK: o.topK },
          );
          out.result(
            { line: r.line, text: r.text, labels: res },
            res.map((l) => `${l.label} (${l.score.toFixed(4)})`).join('  '),
          );
        }
        break;
      }
      case 'answer': {
        const m = await loadModelDir(heads.AlbertForQuestionAnswering, dir, out);
        model = m;
        for await (const r of inputs) {
          const question = r.pair ?? o.question!;
          const res = await heads.answer(m, tok, { question, context: r.text }, { topK: o.topK });
          out.result(
            { line: r.line, question, answers: res },
            res.map((a) => `${a.answer}\t${a.score.toFixed(4)}\t[${a.start}, ${a.end})`).join('\n'),
          );
        }
        break;
      }
      case 'tag': {
        const m = await loadModelDir(heads.AlbertForTokenClassification, dir, out);
        model = m;
        for await (const r of inputs) {
          const res = await heads.tagTokens(m, tok, r.text, { aggregation: o.aggregation, ignoreLabels: [] });
          out.result(
            { line: r.line, text: r.text, tags: res },
            res.map((t) => `${t.word}/${t.entity}`).join(' '),
          );
        }
        break;
      }
      case 'embed': {
        const m = await loadModelDir(core.AlbertModel, dir, out);
        model = m;
        for await (const r of inputs) {
          const [v] = await heads.embed(m, tok, [r.text], { pooling: o.pooling, normalize: o.normalize });
          out.result(
            { line: r.line, text: r.text, embedding: v },
            `${v!
              .slice(0, 8)
              .map((x) => x.toFixed(4))
              .join(' ')} … (${v!.length} values)`,
          );
        }
        break;
      }
    }
    model.dispose();
    if (stats.skipped > 0) {
      out.event(
        'skipped',
        { skipped: stats.skipped, read: stats.read, first: stats.firstErrors },
        `skipped ${stats.skipped} bad line(s) of ${stats.read}; first: ${stats.firstErrors[0]}`,
      );
    }
  });
};
