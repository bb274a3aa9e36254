import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { backendLine, initBackend } from '../lib/backend.js';
import { pretrainConfig, type ShapeOverrides } from '../lib/model-config.js';
import { announceNativeWarning } from '../lib/native-warning.js';
import { makeOptimizer } from '../lib/optim.js';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { runTrainingLoop } from '../lib/train-loop.js';
import { type Register, withConfig } from '../program.js';
import { Interrupted, need, UsageError } from '../util/errors.js';
import { requireFile } from '../util/files.js';
import { StopSignal } from '../util/interrupt.js';
import { float, int } from '../util/parse.js';

/** The flags (the shape flags are model-config's overrides). */
interface Options extends ShapeOverrides {
  input?: string[];
  brown: boolean;
  tokenizer?: string;
  out?: string;
  modelConfig?: string;
  revision?: string;
  steps: number;
  batchSize: number;
  maxSeqLength: number;
  optimizer: 'lamb' | 'adamw';
  lr: number;
  warmup: number;
  weightDecay: number;
  dupeFactor: number;
  saveEvery: number;
  keep: number;
  logEvery: number;
  resume: boolean;
  maxMinutes?: number;
  seed: number;
}

export const registerPretrain: Register = (program, context) => {
  const cmd = program
    .command('pretrain')
    .description(
      'pretrain ALBERT (n-gram MLM + sentence order, LAMB) on your text; Ctrl-C saves a resumable checkpoint',
    )
    .option(
      '-i, --input <files...>',
      'documents: text files (one sentence per line, blank line between documents) or .jsonl',
    )
    .option('--brown', 'pretrain on the embedded Brown corpus (train split)', false)
    .option(
      '-t, --tokenizer <file>',
      'SentencePiece .model (e.g. from albert train-tokenizer) or a Hub id org/name (required)',
    )
    .option('-o, --out <dir>', 'output folder: checkpoints/, model/ (HF layout), logs/ (required)')
    .option(
      '--model-config <spec>',
      'base shape: a preset (albert-base-v2), config.json, model folder or Hub id (default: small)',
    )
    .option('--revision <rev>', '-t and --model-config as Hub ids: branch, tag or commit (default: main)')
    .option('--embedding-size <n>', 'E', int(1))
    .option('--hidden-size <n>', 'H', int(1))
    .option('--layers <n>', 'num_hidden_layers', int(1))
    .option('--groups <n>', 'num_hidden_groups (shared layer groups)', int(1))
    .option('--heads <n>', 'num_attention_heads', int(1))
    .option('--intermediate-size <n>', 'FFN size', int(1))
    .option('--steps <n>', 'optimizer updates', int(1), 1000)
    .option('--batch-size <n>', 'sequences per update', int(1), 16)
    .option('--max-seq-length <n>', 'tokens per sequence', int(8, 512), 128)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(['lamb', 'adamw']).default('lamb'))
    .option('--lr <x>', 'peak learning rate', float(0), 2e-3)
    .option('--warmup <x>', 'share of steps warming up', float(0, 1), 0.06)
    .option('--weight-decay <x>', 'decoupled weight decay', float(0), 0.01)
    .option('--dupe-factor <n>', 'passes over each document per data epoch (new masks each)', int(1), 1)
    .option('--save-every <n>', 'checkpoint every N steps', int(1), 100)
    .option('--keep <n>', 'numbered checkpoints kept', int(1), 2)
    .option('--log-every <n>', 'log line every N steps', int(1), 10)
    .option('--resume', 'continue from the latest checkpoint in <out>/checkpoints', false)
    .option('--max-minutes <x>', 'stop (with a checkpoint) after this long', float(0))
    .option('--seed <n>', 'seed', int(0), 42)
    .addHelpText(
      'after',
      '\nCtrl-C stops after the current step and writes a checkpoint; run the same command with --resume to continue.\n' +
        '\nExamples:\n  albert pretrain --brown -t brown-8k.model -o runs/pre --steps 2000\n' +
        '  albert pretrain -i corpus.txt -t my.model -o runs/pre --model-config albert-base-v2 --resume',
    );
  withConfig(cmd).action(async (o: Options) => {
    const { out, globals, io } = context(cmd);
    const outDir = resolve(need(o.out, '--out <dir>'));
    const tokFile = requireFile(
      await tokenizerFile(undefined, need(o.tokenizer, '--tokenizer <file>'), o.revision),
      'tokenizer',
    );
    if (!o.brown && !o.input?.length)
      throw new UsageError('no training text: give --input <files...> or --brown');
    for (const f of o.input ?? []) requireFile(f, 'input file');
    const ckptDir = join(outDir, 'checkpoints');
    if (!o.resume && existsSync(ckptDir)) {
      throw new UsageError(
        `${ckptDir} already holds checkpoints: pass --resume to continue, or choose another --out`,
      );
    }
    // Before any work: the back end, and the warning when it runs without the native kernels.
    const backend = await initBackend(globals);
    announceNativeWarning(backend, globals, out, io.stderr);
    out.info(`back end: ${backendLine(backend)}`);
    const tokenizer = await loadTokenizer(tokFile);
    const config = await pretrainConfig(o.modelConfig, o, tokenizer);
    const training = await import('@albert-ts/training');
    const trainingNode = await import('@albert-ts/training/node');
    const { AlbertForPreTraining } = await import('@albert-ts/heads');
    let documents: () => AsyncIterable<string | readonly string[]> | Iterable<string | readonly string[]>;
    if (o.brown) {
      const ds = await import('@albert-ts/datasets/node');
      const docs = (await ds.loadBrownDocumentSplits({ seed: o.seed })).train.map((d) => d.sentences);
      documents = () => docs;
    } else {
      const files = o.input!;
      documents = () => trainingNode.readDocuments(files);
    }
    const data = training.pretrainingDataset(documents, tokenizer, {
      batchSize: o.batchSize,
      maxSeqLength: o.maxSeqLength,
      dupeFactor: o.dupeFactor,
      randomSeed: o.seed,
    });
    mkdirSync(outDir, { recursive: true });
    copyFileSync(tokFile, join(outDir, 'spiece.model'));
    writeFileSync(
      join(outDir, 'config.json'),
      JSON.stringify({ ...config.toJSON(), architectures: ['AlbertForPreTraining'] }, null, 2) + '\n',
    );
    const model = AlbertForPreTraining.fromConfig(config, { seed: o.seed });
    const { optimizer } = await makeOptimizer(model.namedParameters(), {
      optimizer: o.optimizer,
      lr: o.lr,
      totalSteps: o.steps,
      warmup: o.warmup,
      schedule: 'polynomial',
      weightDecay: o.weightDecay,
      maxGradNorm: 1,
      numHiddenGroups: config.numHiddenGroups,
    });
    const stop = new StopSignal().install();
    try {
      const result = await runTrainingLoop({
        name: 'pretrain',
        model,
        optimizer,
        batches: (epoch) => data.batches(epoch),
        // The MLM head at the masked positions only (Google's recipe): HF's loss, far cheaper.
        computeLoss: (batch) => training.pretrainingLoss(model, batch),
        maxSteps: o.steps,
        logEvery: o.logEvery,
        seed: o.seed,
        out,
        logFile: join(outDir, 'logs', 'pretrain.jsonl'),
        // Stale temp folders of a killed final save are cleaned before training starts.
        modelDir: join(outDir, 'model'),
        stop,
        checkpoints: new trainingNode.FileCheckpointStore(ckptDir),
        saveEvery: o.saveEvery,
        keepLast: o.keep,
        resume: o.resume,
        ...(o.maxMinutes !== undefined ? { maxSeconds: o.maxMinutes * 60 } : {}),
      });
      const modelDir = join(outDir, 'model');
      await model.savePretrained(modelDir);
      copyFileSync(tokFile, join(modelDir, 'spiece.model'));
      const last = result.logs.at(-1);
      out.result(
        {
          step: result.step,
          stopReason: result.stopReason,
          model: modelDir,
          checkpoints: ckptDir,
          loss: last?.loss,
          seconds: result.seconds,
        },
        `step ${result.step} (${result.stopReason}); loss ${last?.loss?.toFixed(4) ?? '—'}; model: ${modelDir}; checkpoints: ${ckptDir}`,
      );
      if (stop.stopRequested) {
        throw new Interrupted(
          `interrupted at step ${result.step}; checkpoint saved in ${ckptDir}; continue with --resume`,
        );
      }
    } finally {
      stop.dispose();
      optimizer.dispose();
      model.dispose();
    }
  });
};
