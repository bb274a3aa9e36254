import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Argument } from 'commander';
import { backendLine, initBackend } from '../lib/backend.js';
import { modelFolder } from '../lib/load-model.js';
import { announceNativeWarning } from '../lib/native-warning.js';
import { makeOptimizer } from '../lib/optim.js';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { runTrainingLoop } from '../lib/train-loop.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { evaluateTask, writeRecords } from '../tasks/evaluate.js';
import { TASK_KINDS, type TaskKind } from '../tasks/examples.js';
import { jobOf } from '../tasks/job.js';
import { assertTwoLabels } from '../tasks/label-count.js';
import { asUsage, loadExamples } from '../tasks/load.js';
import { headModelFrom } from '../tasks/model.js';
import { Interrupted, need, UsageError } from '../util/errors.js';
import { StopSignal } from '../util/interrupt.js';
import { float, int, list } from '../util/parse.js';
import { addDataOptions, type DataFlags } from './task-options.js';

interface Options extends DataFlags {
  model?: string;
  tokenizer?: string;
  train?: string;
  dev?: string;
  out?: string;
  epochs: number;
  steps?: number;
  lr?: number;
  warmup: number;
  weightDecay: number;
  llrd: number;
  evalEvery?: number;
  labels?: string[];
  labelAllPieces: boolean;
}

export const registerFinetune: Register = (program, context) => {
  const cmd = program
    .command('finetune')
    .description(
      'fine-tune a pretrained ALBERT: classification, regression, token classification, QA, multiple choice (AdamW + LLRD)',
    )
    .addArgument(new Argument('<task>', 'task kind').choices(TASK_KINDS))
    .option('-m, --model <dir>', 'pretrained model: a folder in HF layout or a Hub id org/name (required)')
    .option('-t, --tokenizer <file>', 'SentencePiece .model or a Hub id (default: <model>/spiece.model)')
    .option('--train <file>', 'training data: .jsonl, .csv, GLUE .tsv, CoNLL, SQuAD .json, RACE folder')
    .option('--dev <file>', 'development data (same format), scored during and after training')
    .option('-o, --out <dir>', 'where the fine-tuned model (HF layout), logs and metrics go (required)')
    .option('--epochs <n>', 'passes over the training data', int(1), 3)
    .option('--steps <n>', 'optimizer updates (overrides --epochs)', int(1))
    .option(
      '--lr <x>',
      'peak learning rate (AdamW) (default: 5e-5 × 768 / hidden_size: 5e-5 for albert-base, 1.2e-3 for a 32-wide model)',
      float(0),
    )
    .option('--warmup <x>', 'share of steps warming up', float(0, 1), 0.1)
    .option('--weight-decay <x>', 'decoupled weight decay', float(0), 0.01)
    .option('--llrd <x>', 'layer-wise LR decay per level below the head (1 = off)', float(0.01, 1), 1)
    .option('--eval-every <n>', 'score the dev set every N steps (default: 4 times per run)', int(1))
    .option('--labels <list>', 'label names in id order (default: from the data)', list)
    .option(
      '--label-all-pieces',
      'token classification: train every piece of a word on its tag (default: the first piece only); pair with --word-pooling mean',
      false,
    );
  addDataOptions(cmd).addHelpText(
    'after',
    '\nData: classification/regression .jsonl {"text", "text_pair"?, "label"} (fields configurable), .csv, or GLUE .tsv with --glue;\n' +
      'token-classification .jsonl {"tokens": [...], "tags": [...]} or CoNLL (tag = last column); qa SQuAD .json;\n' +
      'multiple-choice RACE folder or .jsonl {"context", "question", "options": [...], "label"}; or --dataset spam|brown-genre|brown-pos.\n' +
      '\nExamples:\n  albert finetune classification -m runs/demo/models/pretrained --dataset spam -o runs/spam\n' +
      '  albert finetune classification -m albert/albert-base-v2 --glue sst2 --train SST-2/train.tsv --dev SST-2/dev.tsv -o runs/sst2\n' +
      '  albert finetune qa -m albert/albert-base-v2 --train train-v1.1.json --dev dev-v1.1.json --max-seq-length 384 -o runs/squad',
  );
  withConfig(cmd).action(async (kind: TaskKind, o: Options) => {
    const { out, globals, io } = context(cmd);
    const modelDir = await modelFolder(need(o.model, '--model <dir>'), o.revision);
    const outDir = resolve(need(o.out, '--out <dir>'));
    if (!o.dataset && !o.train)
      throw new UsageError('no training data: give --train <file> or --dataset <name>');
    const tokFile = await tokenizerFile(modelDir, o.tokenizer, o.revision);
    const tok = await loadTokenizer(tokFile);
    const src = { ...o, split: 'train' as const, file: o.train };
    const train = await loadExamples(kind, src);
    const dev =
      o.dev || o.dataset ? await loadExamples(kind, { ...src, split: 'dev', file: o.dev }) : undefined;
    if (train.examples.length === 0) throw new UsageError('the training data holds no examples');
    const skipped = train.skipped + (dev?.skipped ?? 0);
    if (skipped) out.event('skipped', { skipped }, `skipped ${skipped} malformed row(s)`);
    // Once the inputs are valid (a usage error stays one line), before any model work: the back
    // end, and the warning when it runs without the native kernels.
    const backend = await initBackend(globals);
    announceNativeWarning(backend, globals, out, io.stderr);
    const { FinetuneJob } = await import('@albert-ts/training');
    const examples = train.examples as never[];
    const labelNames = o.labels?.length
      ? o.labels
      : (train.labelNames ?? FinetuneJob.labelNamesOf(kind, examples));
    assertTwoLabels(kind, labelNames, o.train ?? `--dataset ${o.dataset}`);
    out.info(
      `back end: ${backendLine(backend)}; ${train.examples.length} training examples${dev ? `, ${dev.examples.length} dev` : ''}`,
    );
    // One job (labels, lengths, --tail, --word-pooling) serves training and every evaluation.
    const job = await jobOf(kind, tok, labelNames, o);
    const model = await headModelFrom(kind, modelDir, job.configPatch(), o.seed, (r) => {
      out.event(
        'load',
        { missing: r.missingKeys, unexpected: r.unexpectedKeys },
        `initialised ${r.missingKeys.length} new head tensor(s); ${r.unexpectedKeys.length} unused checkpoint tensor(s)`,
      );
    });
    const batches = await asUsage(async () => job.trainBatches(examples));
    const steps = job.totalSteps(train.examples.length, o.epochs, o.steps);
    const lr = o.lr ?? FinetuneJob.defaultLr(Number(model.config.hiddenSize));
    if (o.lr === undefined)
      out.info(`learning rate ${lr.toPrecision(2)} (5e-5 × 768 / hidden size ${model.config.hiddenSize})`);
    const { optimizer } = await makeOptimizer(model.namedParameters(), {
      optimizer: 'adamw',
      lr,
      totalSteps: steps,
      warmup: o.warmup,
      schedule: 'linear',
      weightDecay: o.weightDecay,
      maxGradNorm: 1,
      llrd: o.llrd,
      numHiddenGroups: Number(model.config.numHiddenGroups),
    });
    const evalDev = dev ? async () => (await evaluateTask(job, model, dev)).metrics : undefined;
    const stop = new StopSignal().install();
    mkdirSync(outDir, { recursive: true });
    try {
      const loop = await runTrainingLoop({
        name: `finetune-${kind}`,
        model,
        optimizer,
        batches,
        maxSteps: steps,
        logEvery: Math.max(1, Math.min(10, Math.floor(steps / 20))),
        ...(evalDev
          ? { evaluate: evalDev, evalEvery: o.evalEvery ?? Math.max(1, Math.floor(steps / 4)) }
          : {}),
        seed: o.seed,
        out,
        logFile: join(outDir, 'logs', 'finetune.jsonl'),
        stop,
      });
      await model.savePretrained(outDir);
      copyFileSync(tokFile, join(outDir, 'spiece.model'));
      const final = dev ? await evaluateTask(job, model, dev) : undefined;
      const metrics = final?.metrics ?? {};
      if (final) writeRecords(join(outDir, 'dev-predictions.jsonl'), final.records);
      writeFileSync(
        join(outDir, 'metrics.json'),
        JSON.stringify({ step: loop.step, seconds: loop.seconds, dev: metrics }, null, 2) + '\n',
      );
      out.result(
        { model: outDir, step: loop.step, seconds: loop.seconds, dev: metrics },
        `saved ${outDir} after ${loop.step} steps (${Math.round(loop.seconds)} s)` +
          (dev
            ? `\n\n${textTable({ columns: ['dev metric', 'value'], rows: Object.entries(metrics) })}`
            : ''),
      );
      if (stop.stopRequested)
        throw new Interrupted(`interrupted at step ${loop.step}; the model so far is saved in ${outDir}`);
    } finally {
      stop.dispose();
      optimizer.dispose();
      model.dispose();
    }
  });
};
