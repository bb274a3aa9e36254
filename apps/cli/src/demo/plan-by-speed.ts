import type { DemoPlan, ModelShape } from './plan.js';
import type { SpeedProbe } from './speed-probe.js';

/**
 * The probe's step (PROBE_BATCH, token classification, the default plan's model) on the machine
 * the default plan was tuned on: the project's 2-core machine with the native kernels, 2 threads.
 * Measured 2026-12-06 20:03 UTC on the quiet machine (load average 0.6, nothing else running) with
 * `node apps/cli/scripts/speed-probe.mjs` (`probeTrainingStep`, 3 probes of 20 steps: 29, 22,
 * 22 ms; the first includes warm-up). The earlier 40 ms was measured under load. Only the ratio
 * to it matters: stock wasm measured 182–196 ms in the same session, 8.4×.
 */
export const REFERENCE_PROBE_MS = 22;

/**
 * With the native kernels, slower than this many times the reference, the default plan's models
 * stop learning in their budget (the plan's POS time, 150 s at budget 1, makes about 3 passes at
 * 1–2× the reference and one at 4×); a busy machine with native kernels (1.5–3×) keeps the default
 * plan, whose time budgets absorb that. Without the native kernels the slow path is taken at any
 * speed (see choosePlan): stock wasm measured 8.4× on the quiet machine, 12–20× under load.
 */
export const SLOW_PATH_FACTOR = 4;

/**
 * Passes over the POS training sentences a smaller slow-path model must make to be chosen. The
 * task needs repetition (a word seen a few times must be remembered) to pass the most-frequent-tag
 * baseline (0.942), but capacity matters as much: on stock wasm one layer of H 64 stalled at 0.928
 * test accuracy after 1 and after 1.5 passes, while one layer of H 128 / FFN 256 reached 0.936
 * after 1.2 passes (2026-12-06). So the plan takes the largest smaller model that still makes most
 * of a pass.
 */
export const TARGET_POS_PASSES = 0.6;

/**
 * Passes the default model must make in the slow plan's POS time to be kept: from random
 * initialisation it reached 0.943 after 2 passes and 0.952 after 3 (README, "Measured"), so with
 * fewer a smaller model making more passes is the better bet.
 */
export const DEFAULT_MODEL_POS_PASSES = 2;

/** Brown universal-POS training sentences (datasets split, seed 42): what one POS pass costs. */
export const POS_TRAIN_SENTENCES = 45_000;

/**
 * POS peak learning rate on the slow path: the default plan's 2e-3 was chosen for about three
 * passes of the two-layer model; a one-layer model with two or so passes learns the words faster
 * at 3e-3 (AdamW, 10% warm-up, linear decay, clipping at 1 as in every fine-tuning run).
 */
export const SLOW_POS_LR = 3e-3;

/**
 * Smaller models for the slow path (after the default one), largest first. One layer of the
 * default width with half its FFN costs about half the default's step on stock wasm (89 vs 185 ms,
 * quiet machine) and keeps its width (the piece embeddings that
 * remember words, attention for the context the baseline lacks); H 64 and H 32 are for back ends
 * slower still (cpu).
 */
export const SLOW_SHAPES: readonly ModelShape[] = [
  { embeddingSize: 128, hiddenSize: 128, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 256 },
  { embeddingSize: 64, hiddenSize: 64, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 256 },
  { embeddingSize: 64, hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, intermediateSize: 128 },
];

export interface PlanChoice {
  path: 'default' | 'slow';
  plan: DemoPlan;
  /** Measured step of the default plan's model ÷ the reference (1 = the machine it was tuned on). */
  slowdown: number;
  /** Every probe run, default shape first. */
  probes: SpeedProbe[];
  /** POS passes the chosen plan should reach at the measured speed. */
  expectedPosPasses: number;
  /** What was chosen and why, in words (the report and the printed summary show it). */
  notes: string[];
}

/** True when a probe of the default model says the default plan cannot learn in its budget. */
export function isSlowPath(probe: SpeedProbe): boolean {
  return probe.msPerStep > REFERENCE_PROBE_MS * SLOW_PATH_FACTOR;
}

/** POS passes a plan reaches when one probe batch (32 sentences) takes `msPerStep`. */
export function expectedPosPasses(plan: DemoPlan, msPerStep: number, batchSentences = 32): number {
  const sentencesPerSecond = (batchSentences * 1000) / msPerStep;
  return (plan.pos.seconds * sentencesPerSecond) / POS_TRAIN_SENTENCES;
}

/**
 * The slow path's plan from the default one (already scaled by --budget): the given model, and the
 * time moved to where learning needs it. POS, which needs passes, gets 2.1× its time; pretraining
 * 0.4× (at this speed it mostly shapes the embeddings: held-out MLM accuracy stayed near 0.06 in
 * 90 s, and the pretrained models fine-tuned no better than the random ones); spam 0.7× at 64
 * pieces (head 40 + tail 21: twice the steps per second; lr 1e-3, as its few steps need); genres,
 * not among the demo's targets, 0.3× at 64 pieces. The total training time is the default plan's
 * × 1.23 (809 s at budget 1), which leaves about a minute and a half of the demo's 15 unused.
 */
export function slowPlan(base: DemoPlan, model: ModelShape): DemoPlan {
  return {
    ...base,
    model: { ...model },
    pretrain: { ...base.pretrain, seconds: base.pretrain.seconds * 0.4 },
    spam: { ...base.spam, seconds: base.spam.seconds * 0.7, maxLength: 64, tail: 21, lr: 1e-3 },
    pos: { ...base.pos, seconds: base.pos.seconds * 2.1, lr: SLOW_POS_LR },
    genre: { ...base.genre, seconds: base.genre.seconds * 0.3, maxLength: 64 },
  };
}

const shapeText = (m: ModelShape) =>
  `E ${m.embeddingSize}, H ${m.hiddenSize}, ${m.numHiddenLayers} layer${m.numHiddenLayers > 1 ? 's' : ''}, FFN ${m.intermediateSize}`;

const sameShape = (a: ModelShape, b: ModelShape) =>
  a.embeddingSize === b.embeddingSize &&
  a.hiddenSize === b.hiddenSize &&
  a.numHiddenLayers === b.numHiddenLayers &&
  a.numAttentionHeads === b.numAttentionHeads &&
  a.intermediateSize === b.intermediateSize;

export interface ChooseOptions {
  /**
   * False when the native kernels are not in use (stock wasm, cpu): the slow path is then taken
   * whatever the probe says, since the default plan's time split was sized for native speed.
   * Undefined: decided by the probe alone.
   */
  native?: boolean;
}

/**
 * Picks the plan by measured speed: probes the default model; with the native kernels and within
 * SLOW_PATH_FACTOR times the reference, keeps the default plan. Otherwise (without the native
 * kernels, or slower) it builds the slow plan around the default model when its measured step
 * gives POS DEFAULT_MODEL_POS_PASSES passes in that plan's POS time (its probe is reused), else
 * around the first of SLOW_SHAPES, largest first, that makes TARGET_POS_PASSES (the smallest when
 * none does). `probe` measures a shape on the
 * back end in use (probeTrainingStep in the demo).
 */
export async function choosePlan(
  base: DemoPlan,
  probe: (shape: ModelShape) => Promise<SpeedProbe>,
  opts: ChooseOptions = {},
): Promise<PlanChoice> {
  const first = await probe(base.model);
  const slowdown = first.msPerStep / REFERENCE_PROBE_MS;
  const measured = `a fine-tuning step of the default model (batch ${first.batch.join(' × ')}) took ${Math.round(first.msPerStep)} ms, ${slowdown.toFixed(1)}× the reference ${REFERENCE_PROBE_MS} ms`;
  const slow = isSlowPath(first);
  if (!slow && opts.native !== false) {
    return {
      path: 'default',
      plan: base,
      slowdown,
      probes: [first],
      expectedPosPasses: expectedPosPasses(base, first.msPerStep, first.batch[0]),
      notes: [`Default plan: ${measured}.`],
    };
  }
  const probes = [first];
  let chosen: { plan: DemoPlan; passes: number; probe: SpeedProbe } | undefined;
  let target = DEFAULT_MODEL_POS_PASSES;
  for (const shape of [base.model, ...SLOW_SHAPES.filter((s) => !sameShape(s, base.model))]) {
    const p = shape === base.model ? first : await probe(shape);
    if (p !== first) probes.push(p);
    const plan = slowPlan(base, shape);
    const passes = expectedPosPasses(plan, p.msPerStep, p.batch[0]);
    target = shape === base.model ? DEFAULT_MODEL_POS_PASSES : TARGET_POS_PASSES;
    chosen = { plan, passes, probe: p };
    if (passes >= target) break;
  }
  const c = chosen!;
  const reached = c.passes >= target;
  const why = slow
    ? `over ${SLOW_PATH_FACTOR}× slower, the default plan's models would not learn in their budget`
    : `without the native kernels; the default plan's time split was sized for them`;
  const model = sameShape(c.plan.model, base.model)
    ? `The default model (${shapeText(base.model)})`
    : `Smaller model (${shapeText(c.plan.model)}; default ${shapeText(base.model)})`;
  return {
    path: 'slow',
    plan: c.plan,
    slowdown,
    probes,
    expectedPosPasses: c.passes,
    notes: [
      `Slow-path plan: ${measured} (${why}).`,
      `${model}: its step measured ${Math.round(c.probe.msPerStep)} ms, about ${c.passes.toFixed(1)} passes over the POS training sentences in ${Math.round(c.plan.pos.seconds)} s${reached ? '' : ` (below the ${target} aimed for: POS may stay under its baseline)`}.`,
      `Time moved to POS: ${Math.round(c.plan.pos.seconds)} s per model (lr ${c.plan.pos.lr}); pretraining ${Math.round(c.plan.pretrain.seconds)} s; spam ${Math.round(c.plan.spam.seconds)} s per model at ${c.plan.spam.maxLength} pieces; genres ${Math.round(c.plan.genre.seconds)} s per model at ${c.plan.genre.maxLength} pieces.`,
    ],
  };
}
