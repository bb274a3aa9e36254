import type { CollatedBatch as TagBatch } from '@albert-ts/training';
import { makeOptimizer } from '../lib/optim.js';
import { demoModelFields } from './model-fields.js';
import type { ModelShape } from './plan.js';

/** A measured training step: what the demo plans by. */
export interface SpeedProbe {
  /** Median milliseconds of one timed step (forward, backward, AdamW update). */
  msPerStep: number;
  /** Timed steps (after two untimed warm-up steps). */
  steps: number;
  /** Sequences × tokens of the probe batch. */
  batch: [number, number];
  /** The model shape probed. */
  model: ModelShape;
}

/**
 * The probe's batch, sequences × tokens: about one POS batch of the default plan (32 sentences of
 * ≈ 30 pieces), the task whose quality depends most on how many passes the budget allows.
 */
export const PROBE_BATCH: [number, number] = [32, 32];
/** Labels of the probe's token-classification head (the universal tag set's size). */
const PROBE_LABELS = 12;

function syntheticBatch(vocabSize: number, [b, s]: [number, number]): TagBatch {
  // A fixed pattern, not random data: the probe times kernels, whose cost does not depend on ids.
  const ids = (i: number, j: number) => 5 + ((i * 131 + j * 17) % Math.max(1, vocabSize - 5));
  const rows = Array.from({ length: b }, (_, i) => i);
  const cols = Array.from({ length: s }, (_, j) => j);
  return {
    inputIds: rows.map((i) => cols.map((j) => ids(i, j))),
    attentionMask: rows.map(() => cols.map(() => 1)),
    tokenTypeIds: rows.map(() => cols.map(() => 0)),
    labels: rows.map((i) => cols.map((j) => (i + j) % PROBE_LABELS)),
  };
}

/**
 * Times fine-tuning steps (token classification, as POS trains) of a model of shape `model` on a
 * synthetic batch, on the back end in use: two warm-up
 * steps (kernel setup, first allocations, thread pools waking up), then steps until `minSteps` are done and `minMs` has
 * passed (at most `maxSteps`). Leaves no tensors behind.
 */
export async function probeTrainingStep(opts: {
  model: ModelShape;
  vocabSize: number;
  seed: number;
  batch?: [number, number];
  minSteps?: number;
  maxSteps?: number;
  minMs?: number;
}): Promise<SpeedProbe> {
  const core = await import('@albert-ts/core');
  const { AlbertForTokenClassification } = await import('@albert-ts/heads');
  const m = opts.model;
  const batchShape = opts.batch ?? PROBE_BATCH;
  const config = core.AlbertConfig.fromJSON({
    ...demoModelFields(m, opts.vocabSize),
    num_labels: PROBE_LABELS,
  });
  const model = AlbertForTokenClassification.fromConfig(config, { seed: opts.seed });
  const { optimizer } = await makeOptimizer(model.namedParameters(), {
    optimizer: 'adamw',
    lr: 1e-4,
    totalSteps: 100,
    warmup: 0,
    weightDecay: 0.01,
    maxGradNorm: 1,
    numHiddenGroups: 1,
  });
  const { timeSteps, trainingStep } = await import('@albert-ts/training');
  const batch = syntheticBatch(opts.vocabSize, batchShape);
  let times: number[];
  try {
    times = await timeSteps(() => trainingStep(model, optimizer, batch), {
      warmup: 2,
      minSteps: opts.minSteps ?? 3,
      maxSteps: opts.maxSteps ?? 10,
      minMs: opts.minMs ?? 600,
    });
  } finally {
    optimizer.dispose();
    model.dispose();
  }
  times.sort((a, b) => a - b);
  return {
    msPerStep: times[Math.floor(times.length / 2)]!,
    steps: times.length,
    batch: batchShape,
    model: m,
  };
}
