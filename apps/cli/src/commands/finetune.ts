import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Argument } from 'commander';
import { backendLine, initBackend } from '../lib/backend.js';
import { announceNativeWarning } from '../lib/native-warning.js';
import { makeOptimizer } from '../lib/optim.js';
import { loadTokenizer, tokenizerPath } from '../lib/tokenizer.js';
import { runTrainingLoop } from '../lib/train-loop.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { evaluateTask, labelIds } from '../tasks/evaluate.js';
import type {
  ChoiceExample,
  ClsExample,
  LoadedData,
  QaExample,
  TagExample,
  TaskKind,
} from '../tasks/examples.js';
import { TASK_KINDS } from '../tasks/examples.js';
import { alignTags, choiceFeatures, encodeCls, qaFeatures, taskBatches } from '../tasks/features.js';
import { assertTwoLabels } from '../tasks/label-count.js';
import { loadExamples } from '../tasks/load.js';
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
  lr: number;
  warmup: number;
  weightDecay: number;
  llrd: number;
  evalEvery?: number;
  labels?: string[];
  labelAllPieces: boolean;
}

function labelNamesFor(kind: TaskKind, train: LoadedData<unknown>, given?: string[]): string[] {
  if (given?.length) return given;
  if (train.labelNames) return train.labelNames;
  if (kind === 'classification')
    return [...new Set((train.examples as ClsExample[]).map((x) => String(x.label)))].sort();
  if (kind === 'token-classification')
    return [...new Set((train.examples as TagExample[]).flatMap((x) => x.tags))].sort();
  return [];
}

export const registerFinetune: Register = (program, context) => {
  const cmd = program
    .command('finetune')
    .description(
      'fine-tune a pretrained ALBERT: classification, regression, token classification, QA, multiple choice (AdamW + LLRD)',
    )
    .addArgument(new Argument('<task>', 'task kind').choices(TASK_KINDS))
    .option('-m, --model <dir>', 'pretrained model folder in HF layout (required)')
    .option('-t, --tokenizer <file>', 'SentencePiece .model (default: <model>/spiece.model)')
    .option('--train <file>', 'training data: .jsonl, .csv, GLUE .tsv, CoNLL, SQuAD .json, RACE folder')
    .option('--dev <file>', 'development data (same format), scored during and after training')
    .option('-o, --out <dir>', 'where the fine-tuned model (HF layout), logs and metrics go (required)')
    .option('--epochs <n>', 'passes over the training data', int(1), 3)
    .option('--steps <n>', 'optimizer updates (overrides --epochs)', int(1))
    .option('--lr <x>', 'peak learning rate (AdamW)', float(0), 5e-5)
    .option('--warmup <x>', 'share of steps warming up', float(0, 1), 0.1)
    .option('--weight-decay <x>', 'decoupled weight decay', float(0), 0.01)
    .option('--llrd <x>', 'layer-wise LR decay per level below the head (1 = off)', float(0.01, 1), 0.8)
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
      '  albert finetune classification -m albert-base --glue sst2 --train SST-2/train.tsv --dev SST-2/dev.tsv -o runs/sst2\n' +
      '  albert finetune qa -m albert-base --train train-v1.1.json --dev dev-v1.1.json --max-length 384 -o runs/squad',
  );
  withConfig(cmd).action(async (kind: TaskKind, o: Options) => {
    const { out, globals, io } = context(cmd);
    const modelDir = need(o.model, '--model <dir>');
    const outDir = resolve(need(o.out, '--out <dir>'));
    if (!o.dataset && !o.train)
      throw new UsageError('no training data: give --train <file> or --dataset <name>');
    const tokFile = tokenizerPath(modelDir, o.tokenizer);
    const tok = await loadTokenizer(tokFile);
    const src = { ...o, split: 'train' as const, file: o.train };
    const train = await loadExamples(kind, src);
    const dev =
      o.dev || o.dataset ? await loadExamples(kind, { ...src, split: 'dev', file: o.dev }) : undefined;
    if (train.examples.length === 0) throw new UsageError('the training data holds no examples');
    const skipped = train.skipped + (dev?.skipped ?? 0);
    if (skipped) out.event('skipped', { skipped }, `skipped ${skipped} malformed row(s)`);
    const labelNames = labelNamesFor(kind, train, o.labels);
    // Once the inputs are valid (a usage error stays one line), before any model work: the back
    // end, and the warning when it runs without the native kernels.
    const backend = await initBackend(globals);
    announceNativeWarning(backend, globals, out, io.stderr);
    assertTwoLabels(kind, labelNames, o.train ?? `--dataset ${o.dataset}`);
    out.info(
      `back end: ${backendLine(backend)}; ${train.examples.length} training examples${dev ? `, ${dev.examples.length} dev` : ''}`,
    );

    const patch: Record<string, unknown> =
      kind === 'classification' || kind === 'token-classification'
        ? {
            num_labels: labelNames.length,
            id2label: Object.fromEntries(labelNames.map((l, i) => [String(i), l])),
            label2id: Object.fromEntries(labelNames.map((l, i) => [l, i])),
            ...(kind === 'classification' ? { problem_type: 'single_label_classification' } : {}),
          }
        : kind === 'regression'
          ? {
              num_labels: 1,
              problem_type: 'regression',
              id2label: { '0': 'LABEL_0' },
              label2id: { LABEL_0: 0 },
            }
          : {};
    const model = await headModelFrom(kind, modelDir, patch, o.seed, (r) => {
      out.event(
        'load',
        { missing: r.missingKeys, unexpected: r.unexpectedKeys },
        `initialised ${r.missingKeys.length} new head tensor(s); ${r.unexpectedKeys.length} unused checkpoint tensor(s)`,
      );
    });
    const { Rng } = await import('@albert-ts/training');
    const feats: Parameters<typeof taskBatches>[1] = {};
    let n = train.examples.length;
    switch (kind) {
      case 'classification': {
        const xs = train.examples as ClsExample[];
        feats.cls = encodeCls(tok, xs, o.maxLength, o.tail);
        feats.targets = labelIds(xs, labelNames);
        break;
      }
      case 'regression': {
        const xs = train.examples as ClsExample[];
        feats.cls = encodeCls(tok, xs, o.maxLength);
        feats.targets = xs.map((x) => Number(x.label));
        break;
      }
      case 'token-classification':
        feats.tags = alignTags(
          tok,
          train.examples as TagExample[],
          new Map(labelNames.map((l, i) => [l, i])),
          o.maxLength,
          o.labelAllPieces,
        );
        break;
      case 'qa':
        feats.qa = qaFeatures(tok, train.examples as QaExample[], o.maxLength);
        break;
      case 'multiple-choice': {
        const xs = train.examples as ChoiceExample[];
        feats.choice = choiceFeatures(tok, xs, o.maxLength);
        feats.choiceLabels = xs.map((x) => x.label);
        n = xs.length;
        break;
      }
    }
    const steps = o.steps ?? Math.max(1, o.epochs * Math.ceil(n / o.batchSize));
    const { optimizer } = await makeOptimizer(model.namedParameters(), {
      optimizer: 'adamw',
      lr: o.lr,
      totalSteps: steps,
      warmup: o.warmup,
      schedule: 'linear',
      weightDecay: o.weightDecay,
      maxGradNorm: 1,
      llrd: o.llrd,
      numHiddenGroups: Number(model.config.numHiddenGroups),
    });
    const evalDev = dev
      ? async () =>
          (
            await evaluateTask(kind, model, tok, dev, labelNames, {
              maxLength: o.maxLength,
              tail: o.tail,
              wordPooling: o.wordPooling,
              batchSize: 32,
            })
          ).metrics
      : undefined;
    const stop = new StopSignal().install();
    mkdirSync(outDir, { recursive: true });
    try {
      const loop = await runTrainingLoop({
        name: `finetune-${kind}`,
        model,
        optimizer,
        batches: taskBatches(
          kind,
          feats,
          { maxLength: o.maxLength, batchSize: o.batchSize },
          tok.padTokenId,
          (e) => new Rng(`${o.seed}:finetune:${e}`),
        ),
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
      let metrics: Record<string, number> = {};
      if (dev) {
        const r = await evaluateTask(kind, model, tok, dev, labelNames, {
          maxLength: o.maxLength,
          batchSize: 32,
        });
        metrics = r.metrics;
        writeFileSync(
          join(outDir, 'dev-predictions.jsonl'),
          r.records.map((x) => JSON.stringify(x)).join('\n') + '\n',
        );
      }
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
