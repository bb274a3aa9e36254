import { describe, expect, it } from 'vitest';
import { demoPlan, type ModelShape } from '../src/demo/plan.js';
import {
  choosePlan,
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

// A cost that shrinks with the model, as measured on stock wasm: one layer of H 128 with FFN 256
// ≈ 1/3 of the default's step, H 64 ≈ 1/5.
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
    const c = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 35)));
    expect(c.path).toBe('slow');
    expect(c.probes.map((p) => p.model.hiddenSize)).toEqual([128, 128, 64]);
    expect(c.plan.model).toEqual(SLOW_SHAPES[1]);
    const slower = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 80)));
    expect(slower.plan.model).toEqual(SLOW_SHAPES[2]);
  });

  it('says so when even the smallest model cannot make the passes', async () => {
    const c = await choosePlan(base, probeAt(byWidth(REFERENCE_PROBE_MS * 2000)));
    expect(c.plan.model).toEqual(SLOW_SHAPES.at(-1));
    expect(c.expectedPosPasses).toBeLessThan(TARGET_POS_PASSES);
    expect(c.notes.join(' ')).toMatch(/may stay under its baseline/);
  });

  it('scales with the budget: a longer budget reaches the passes with the larger slow model', async () => {
    const c = await choosePlan(demoPlan(3), probeAt(byWidth(REFERENCE_PROBE_MS * 35)));
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
