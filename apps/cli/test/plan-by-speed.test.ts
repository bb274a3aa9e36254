import { describe, expect, it } from 'vitest';
import { demoPlan, type ModelShape } from '../src/demo/plan.js';
import {
  choosePlan,
  DEFAULT_MODEL_POS_PASSES,
  expectedPosPasses,
  isSlowPath,
  REFERENCE_PROBE_MS,
  SLOW_PATH_FACTOR,
  SLOW_SHAPES,
  slowPlan,
  TARGET_POS_PASSES,
} from '../src/demo/plan-by-speed.js';
import type { SpeedProbe } from '../src/demo/speed-probe.js';

const probeAt =
  (msFor: (m: ModelShape) => number, seen: ModelShape[] = []) =>
  async (model: ModelShape): Promise<SpeedProbe> => {
    seen.push(model);
    return { msPerStep: msFor(model), steps: 3, batch: [32, 32], model };
  };

// A cost that shrinks with the model (stock wasm, quiet machine: one layer of H 128 with FFN 256
// ≈ 1/2 of the default's step; under load ≈ 1/3, H 64 ≈ 1/5).
const byWidth = (defaultMs: number) => (m: ModelShape) =>
  m.numHiddenLayers > 1
    ? defaultMs
    : m.hiddenSize >= 128
      ? defaultMs / 3
      : m.hiddenSize >= 64
        ? defaultMs / 5
        : defaultMs / 12;

describe('choosePlan', () => {
  const base = demoPlan(1);

  it('keeps the default plan, unchanged, at the reference speed and on a busy native machine', async () => {
    for (const ms of [REFERENCE_PROBE_MS, REFERENCE_PROBE_MS * 3]) {
      const seen: ModelShape[] = [];
      const c = await choosePlan(base, probeAt(byWidth(ms), seen));
      expect(c.path).toBe('default');
      expect(c.plan).toEqual(base);
      expect(seen).toEqual([base.model]);
    }
  });

  it('picks the slow-path plan (smaller model, time moved to POS) on stock wasm speeds', async () => {
    const ms = REFERENCE_PROBE_MS * 10;
    const c = await choosePlan(base, probeAt(byWidth(ms)));
    expect(c.path).toBe('slow');
    expect(c.slowdown).toBeCloseTo(10);
    expect(c.plan.model).toEqual(SLOW_SHAPES[0]);
    expect(c.plan.pos.seconds).toBeGreaterThan(base.pos.seconds);
    expect(c.plan.spam.maxLength).toBeLessThan(base.spam.maxLength);
    expect(c.expectedPosPasses).toBeGreaterThanOrEqual(TARGET_POS_PASSES);
    expect(c.notes.join(' ')).toMatch(/Slow-path plan: .*10\.0×/);
    const sum = (p: typeof base) =>
      p.pretrain.seconds + 2 * (p.spam.seconds + p.pos.seconds + p.genre.seconds);
    expect(sum(c.plan)).toBeLessThanOrEqual(sum(base) * 1.25);
  });

  it('goes to a smaller model still when the first slow shape cannot make the POS passes', async () => {
    const c = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 60)));
    expect(c.path).toBe('slow');
    expect(c.probes.map((p) => p.model.hiddenSize)).toEqual([128, 128, 64]);
    expect(c.plan.model).toEqual(SLOW_SHAPES[1]);
    const slower = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 150)));
    expect(slower.plan.model).toEqual(SLOW_SHAPES[2]);
  });

  it('without the native kernels takes the slow path at any speed, keeping the default model when it makes the passes', async () => {
    const seen: ModelShape[] = [];
    const fast = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 2), seen), { native: false });
    expect(fast.path).toBe('slow');
    expect(fast.plan.model).toEqual(base.model);
    expect(seen).toEqual([base.model]);
    expect(fast.expectedPosPasses).toBeGreaterThanOrEqual(DEFAULT_MODEL_POS_PASSES);
    expect(fast.plan.pos.seconds).toBeGreaterThan(base.pos.seconds);
    expect(fast.notes.join(' ')).toMatch(
      /The default model .*without the native kernels|without the native kernels.*The default model/s,
    );
    // Stock wasm as measured on the quiet machine (8.4× the reference): the default model makes
    // about one POS pass, so the one-layer model (about two and a half) is taken.
    const wasm = await choosePlan(
      base,
      probeAt((m) => (m.numHiddenLayers > 1 ? 185 : 89)),
      { native: false },
    );
    expect(wasm.plan.model).toEqual(SLOW_SHAPES[0]);
    expect(wasm.expectedPosPasses).toBeGreaterThan(2);
  });

  it('says so when even the smallest model cannot make the passes', async () => {
    const c = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 2000)));
    expect(c.plan.model).toEqual(SLOW_SHAPES.at(-1));
    expect(c.expectedPosPasses).toBeLessThan(TARGET_POS_PASSES);
    expect(c.notes.join(' ')).toMatch(/may stay under its baseline/);
  });

  it('scales with the budget: a longer budget reaches the passes with the larger slow model', async () => {
    const c = await choosePlan(demoPlan(3), probeAt(byWidth(REFERENCE_PROBE_MS * 60)));
    expect(c.plan.model).toEqual(SLOW_SHAPES[0]);
  });
});

describe('slow-path helpers', () => {
  it('isSlowPath compares a probe to the reference × SLOW_PATH_FACTOR', () => {
    const p = (msPerStep: number): SpeedProbe => ({
      msPerStep,
      steps: 3,
      batch: [32, 32],
      model: demoPlan(1).model,
    });
    expect(isSlowPath(p(REFERENCE_PROBE_MS * SLOW_PATH_FACTOR))).toBe(false);
    expect(isSlowPath(p(REFERENCE_PROBE_MS * SLOW_PATH_FACTOR * 1.01))).toBe(true);
  });

  it('expectedPosPasses is time × sentences per second ÷ training sentences', () => {
    const plan = slowPlan(demoPlan(1), SLOW_SHAPES[0]!);
    expect(expectedPosPasses(plan, 100)).toBeCloseTo((plan.pos.seconds * 320) / 45_000);
    expect(expectedPosPasses(plan, 200)).toBeCloseTo(expectedPosPasses(plan, 100) / 2);
  });
});
