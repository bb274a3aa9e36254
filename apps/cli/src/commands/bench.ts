import { backendLine, initBackend } from '../lib/backend.js';
import { configJsonFrom } from '../lib/model-config.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { oneLine, UsageError } from '../util/errors.js';
import { int } from '../util/parse.js';

interface Options {
  modelConfig: string;
  revision?: string;
  batchSize: number;
  seqLength: number;
  iterations: number;
  train: boolean;
  seed: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export const registerBench: Register = (program, context) => {
  const cmd = program
    .command('bench')
    .description('time forward passes (and training steps) of a model shape on this machine and back end')
    .option(
      '--model-config <spec>',
      'a preset, config.json, model folder or Hub id org/name',
      'albert-base-v2',
    )
    .option('--revision <rev>', '--model-config as a Hub id: branch, tag or commit (default: main)')
    .option('--batch-size <n>', 'sequences per batch', int(1), 8)
    .option('--seq-length <n>', 'tokens per sequence', int(2, 512), 128)
    .option('--iterations <n>', 'timed repetitions (after one warm-up)', int(1), 5)
    .option('--train', 'also time a training step (MLM + SOP loss, gradients, AdamW)', false)
    .option('--seed <n>', 'seed of the random weights and inputs', int(0), 42)
    .addHelpText(
      'after',
      '\nExamples:\n  albert bench\n  albert bench --model-config runs/demo/models/pretrained --batch-size 16 --train\n  albert --no-native bench   # plain wasm, for comparison',
    );
  withConfig(cmd).action(async (o: Options) => {
    const { out, globals } = context(cmd);
    const json = await configJsonFrom(o.modelConfig, o.revision);
    const core = await import('@albert-ts/core');
    let config: InstanceType<typeof core.AlbertConfig>;
    try {
      config = core.AlbertConfig.fromJSON({ ...json, architectures: undefined });
    } catch (err) {
      throw new UsageError(`model config: ${oneLine(err)}`);
    }
    if (o.seqLength > config.maxPositionEmbeddings) {
      throw new UsageError(
        `--seq-length ${o.seqLength} exceeds max_position_embeddings ${config.maxPositionEmbeddings}`,
      );
    }
    const backend = await initBackend(globals);
    const { AlbertForPreTraining } = await import('@albert-ts/heads');
    const { AdamW, Rng, forwardStep, timeSteps, trainingStep } = await import('@albert-ts/training');
    const model = AlbertForPreTraining.fromConfig(config, { seed: o.seed });
    const rng = new Rng(o.seed);
    const B = o.batchSize;
    const S = o.seqLength;
    const inputIds = Array.from({ length: B }, () =>
      Array.from({ length: S }, () => 5 + rng.randint(0, config.vocabSize - 6)),
    );
    const batch = {
      inputIds,
      attentionMask: inputIds.map((r) => r.map(() => 1)),
      tokenTypeIds: inputIds.map((r) => r.map((_, i) => (i < S / 2 ? 0 : 1))),
    };
    const timings: Array<[string, number[]]> = [];
    const time = async (name: string, step: () => Promise<unknown>) => {
      const bar = out.progress(name, o.iterations);
      const ms = await timeSteps(step, { minSteps: o.iterations, onStep: (i) => bar.update(i) });
      bar.stop();
      timings.push([name, ms.map((t) => t / 1000)]);
    };
    await time('forward', () => forwardStep(model, batch));
    if (o.train) {
      const labels = inputIds.map((r) => r.map((v, i) => (i % 7 === 3 ? v : -100)));
      const full = { ...batch, labels, sentenceOrderLabel: inputIds.map((_, i) => i % 2) };
      const opt = new AdamW(model.namedParameters(), { lr: 1e-5 });
      await time('train step', () => trainingStep(model, opt, full));
      opt.dispose();
    }
    model.dispose();
    const rows = timings.map(([name, xs]) => {
      const m = median(xs);
      return { name, medianSeconds: m, sequencesPerSecond: B / m, tokensPerSecond: (B * S) / m, runs: xs };
    });
    out.result(
      { backend, config: o.modelConfig, batchSize: B, seqLength: S, results: rows },
      `${o.modelConfig}, batch ${B} × ${S}, ${backendLine(backend)}\n\n` +
        textTable({
          columns: ['what', 'median s', 'sequences/s', 'tokens/s'],
          rows: rows.map((r) => [
            r.name,
            Number(r.medianSeconds.toFixed(4)),
            Number(r.sequencesPerSecond.toFixed(2)),
            Math.round(r.tokensPerSecond),
          ]),
        }),
    );
  });
};
