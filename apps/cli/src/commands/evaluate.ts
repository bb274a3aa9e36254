import { writeFileSync } from 'node:fs';
import { backendLine, initBackend } from '../lib/backend.js';
import { loadTokenizer, tokenizerPath } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { evaluateTask } from '../tasks/evaluate.js';
import { loadExamples } from '../tasks/load.js';
import { headModelFrom, kindOfConfig, readModelConfig } from '../tasks/model.js';
import { need, UsageError } from '../util/errors.js';
import { addDataOptions, type DataFlags, SPLITS } from './task-options.js';

interface Options extends DataFlags {
  model?: string;
  tokenizer?: string;
  data?: string;
  squad?: string;
  race?: string;
  split?: 'train' | 'dev' | 'test';
  predictions?: string;
}

export const registerEvaluate: Register = (program, context) => {
  const cmd = program
    .command('evaluate')
    .description(
      'score a fine-tuned model: GLUE task files, SQuAD, RACE, JSONL/CSV/CoNLL, or the embedded sets',
    )
    .option('-m, --model <dir>', 'fine-tuned model folder in HF layout (its config says the task) (required)')
    .option('-t, --tokenizer <file>', 'SentencePiece .model (default: <model>/spiece.model)')
    .option(
      '-d, --data <file>',
      'evaluation data (.jsonl, .csv, GLUE .tsv with --glue, CoNLL, SQuAD .json, RACE folder)',
    )
    .option('--squad <file>', 'a SQuAD v1.1/v2.0 .json file (official metrics)')
    .option('--race <dir>', 'a RACE release folder (accuracy overall, middle, high; see --split)')
    .addOption(SPLITS.default('test'))
    .option('--predictions <file>', 'write one JSON line per example (prediction and gold) here');
  addDataOptions(cmd).addHelpText(
    'after',
    '\nExamples:\n  albert evaluate -m runs/demo/models/spam-pretrained --dataset spam\n' +
      '  albert evaluate -m runs/sst2 --glue sst2 --data SST-2/dev.tsv\n' +
      '  albert evaluate -m runs/squad --squad dev-v1.1.json --max-length 384\n' +
      '  albert evaluate -m runs/race --race RACE --split dev',
  );
  withConfig(cmd).action(async (o: Options) => {
    const { out, globals } = context(cmd);
    const dir = need(o.model, '--model <dir>');
    const config = readModelConfig(dir);
    const kind = kindOfConfig(config);
    if (!kind) {
      throw new UsageError(
        `${dir}: config architectures ${JSON.stringify(config.architectures)} is not a fine-tuned task model`,
      );
    }
    const file = o.data ?? o.squad ?? o.race;
    if (!file && !o.dataset)
      throw new UsageError('no data: give --data <file>, --squad, --race or --dataset <name>');
    const tok = await loadTokenizer(tokenizerPath(dir, o.tokenizer));
    const data = await loadExamples(kind, { ...o, file, split: o.split ?? 'test' });
    if (data.skipped)
      out.event('skipped', { skipped: data.skipped }, `skipped ${data.skipped} malformed row(s)`);
    if (data.examples.length === 0) throw new UsageError('the evaluation data holds no examples');
    const id2label = (config.id2label ?? {}) as Record<string, string>;
    const labelNames = Object.keys(id2label)
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => id2label[k]!);
    const backend = await initBackend(globals);
    out.info(`back end: ${backendLine(backend)}; ${data.examples.length} examples; task ${kind}`);
    const model = await headModelFrom(kind, dir, {}, o.seed, (r) => {
      if (r.missingKeys.length) {
        throw new UsageError(
          `${dir}: the checkpoint lacks ${r.missingKeys.length} tensor(s) of a ${kind} model (${r.missingKeys[0]}, …)`,
        );
      }
    });
    try {
      const bar = out.progress('evaluate', data.examples.length);
      const r = await evaluateTask(kind, model, tok, data, labelNames, {
        maxLength: o.maxLength,
        tail: o.tail,
        wordPooling: o.wordPooling,
        batchSize: o.batchSize,
        progress: bar,
      });
      bar.stop();
      if (o.predictions)
        writeFileSync(o.predictions, r.records.map((x) => JSON.stringify(x)).join('\n') + '\n');
      out.result(
        { task: kind, examples: data.examples.length, metrics: r.metrics },
        textTable({ columns: ['metric', 'value'], rows: Object.entries(r.metrics) }),
      );
    } finally {
      model.dispose();
    }
  });
};
