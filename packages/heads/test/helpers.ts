import { flatten as flat, type Nested, shapeOf } from '@albert-ts/test-support';
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Max |a - b| between a tensor and nested reference values; shapes must agree. */
export function maxAbsDiff(t: tf.Tensor, ref: Nested): number {
  expect(t.shape).toEqual(shapeOf(ref));
  const a = t.dataSync();
  const b = flat(ref);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
  }
  return m;
}

/** Asserts closeness and returns the max diff (so failures print the name and the diff). */
export function expectClose(name: string, t: tf.Tensor | undefined, ref: Nested, atol: number): number {
  expect(t, `${name} missing`).toBeDefined();
  const d = maxAbsDiff(t!, ref);
  expect(d, `${name}: max |diff| ${d} > ${atol}`).toBeLessThanOrEqual(atol);
  return d;
}

export function expectScalarClose(name: string, t: tf.Tensor | undefined, ref: number, atol: number): void {
  expect(t, `${name} missing`).toBeDefined();
  const v = t!.dataSync()[0];
  expect(Math.abs(v - ref), `${name}: ${v} vs ${ref}`).toBeLessThanOrEqual(atol);
}

export const TOL = { hidden: 1e-5, attention: 1e-6, logits: 1e-5, loss: 1e-5 } as const;

export const BACKENDS = ['cpu', 'wasm'] as const;
