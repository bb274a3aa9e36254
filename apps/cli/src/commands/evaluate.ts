import { backendLine, initBackend } from '../lib/backend.js';
import { modelFolder, readModelConfig } from '../lib/load-model.js';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { evaluateTask, writeRecords } from '../tasks/evaluate.js';
import { jobOf } from '../tasks/job.js';
import { loadExamples } from '../tasks/load.js';
import { headModelFrom, kindOfConfig } from '../tasks/model.js';
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
    .option(
      '-m, --model <dir>',
      'fine-tuned model: a folder in HF layout or a Hub id org/name (its config says the task) (required)',
    )
    .option('-t, --tokenizer <file>', 'SentencePiece .model or a Hub id (default: <model>/spiece.model)')
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
      '  albert evaluate -m runs/squad --squad dev-v1.1.json --max-seq-length 384\n' +
      '  albert evaluate -m runs/race --race RACE --split dev',
  );
  withConfig(cmd).action(async (o: Options) => {
    const { out, globals } = context(cmd);
    const dir = await modelFolder(need(o.model, '--model <dir>'), o.revision);
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
    const tok = await loadTokenizer(await tokenizerFile(dir, o.tokenizer, o.revision));
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
      // The model's task settings: the same encoding flags as its fine-tuning run.
      const job = await jobOf(kind, tok, labelNames, o, o.batchSize);
      const bar = out.progress('evaluate', data.examples.length);
      const r = await evaluateTask(job, model, data, bar);
      bar.stop();
      if (o.predictions) writeRecords(o.predictions, r.records);
      out.result(
        { task: kind, examples: data.examples.length, metrics: r.metrics },
        textTable({ columns: ['metric', 'value'], rows: Object.entries(r.metrics) }),
      );
    } finally {
      model.dispose();
    }
  });
};
