import { flatten as flat, type Nested, shapeOf } from '@albert-ts/test-support';
import type * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Asserts |t - ref| <= atol elementwise (shapes equal); NaN counts as a failure. */
export function expectClose(name: string, t: tf.Tensor | undefined, ref: Nested, atol: number): void {
  expect(t, `${name} missing`).toBeDefined();
  expect(t!.shape, `${name} shape`).toEqual(shapeOf(ref));
  const a = t!.dataSync();
  const b = flat(ref);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    m = Number.isNaN(d) ? Number.POSITIVE_INFINITY : Math.max(m, d);
  }
  expect(m, `${name}: max |diff| ${m} > ${atol}`).toBeLessThanOrEqual(atol);
}

export const TOL = { hidden: 1e-5, attention: 1e-6, logits: 1e-5, loss: 1e-5 } as const;
export const BACKENDS = ['cpu', 'wasm'] as const;
