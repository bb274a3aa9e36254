import { AlbertModel } from '@albert-ts/core';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeOff, nativeOn } from './helpers.js';

// The real AlbertModel on the native path: HF parity on the fixtures, with the native kernels
// and with them unregistered (the plain-wasm fallback), and no leaks over 1,000 calls.

type Nested = number | Nested[];
interface Case {
  name: string;
  input_ids: number[][];
  attention_mask: number[][] | null;
  token_type_ids: number[][] | null;
  outputs: { last_hidden_state: Nested; pooler_output: Nested; attentions: Nested[] };
}

const flat = (x: Nested): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x]);

function maxDiff(t: tf.Tensor, ref: Nested): number {
  const a = t.dataSync();
  const b = flat(ref);
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++)
    m = Math.max(m, Math.abs(a[i] - b[i]) || (Number.isNaN(a[i]) ? Infinity : 0));
  return m;
}

async function parity(dir: string): Promise<void> {
  const model = await AlbertModel.fromPretrained(fixturePath(dir), { onReport: () => {} });
  const { cases } = readFixtureJson<{ cases: Case[] }>(dir, 'cases.json');
  const before = tf.memory().numTensors;
  for (const c of cases) {
    const out = model.call(
      {
        inputIds: c.input_ids,
        attentionMask: c.attention_mask ?? undefined,
        tokenTypeIds: c.token_type_ids ?? undefined,
      },
      { outputAttentions: true },
    );
    // The fixture README's bars for a float32 re-implementation.
    expect(
      maxDiff(out.lastHiddenState, c.outputs.last_hidden_state),
      `${c.name} last_hidden_state`,
    ).toBeLessThan(1e-5);
    expect(maxDiff(out.poolerOutput!, c.outputs.pooler_output), `${c.name} pooler`).toBeLessThan(1e-5);
    out.attentions!.forEach((a, i) => {
      expect(maxDiff(a, c.outputs.attentions[i]), `${c.name} attentions ${i}`).toBeLessThan(1e-6);
    });
    tf.dispose(out as unknown as tf.TensorContainer);
  }
  expect(tf.memory().numTensors).toBe(before);
  model.dispose();
}

describe('AlbertModel on the native path', () => {
  beforeAll(nativeOn);
  afterAll(nativeOn);

  it('matches HF on albert-tiny and albert-tiny-grouped (native)', async () => {
    await parity('albert-tiny');
    await parity('albert-tiny-grouped');
  });

  it('matches HF with the native kernels unregistered (plain wasm fallback)', async () => {
    await nativeOff();
    expect(tf.getKernel('AlbertLayerNorm', 'wasm')).toBeUndefined();
    await parity('albert-tiny');
    await nativeOn();
  });

  it('1,000 forward calls with varying batch and sequence shapes leave memory flat', async () => {
    const config = readFixtureJson<Record<string, unknown>>('albert-tiny', 'config.json');
    const model = AlbertModel.fromConfig(config, { seed: 3 });
    const backend = tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } };
    const tensors = tf.memory().numTensors;
    let rng = 12345;
    const next = (n: number) => {
      rng = (rng * 1103515245 + 12345) >>> 0;
      return rng % n;
    };
    let heapAfterWarmup = 0;
    for (let i = 0; i < 1000; i++) {
      const B = 1 + next(4);
      const S = 1 + next(48);
      const ids = Array.from({ length: B }, () => Array.from({ length: S }, () => 5 + next(500)));
      const mask = ids.map((row) => row.map((_, j) => (j < S - next(S) ? 1 : 1 - (j % 2))));
      const out = model.call({ inputIds: ids, attentionMask: mask });
      expect(out.lastHiddenState.shape).toEqual([B, S, 32]);
      tf.dispose(out as unknown as tf.TensorContainer);
      expect(tf.memory().numTensors).toBe(tensors);
      if (i === 99) heapAfterWarmup = backend.wasm.HEAPU8.length;
    }
    // The wasm heap never shrinks; after warm-up it must not keep growing either.
    expect(backend.wasm.HEAPU8.length).toBe(heapAfterWarmup);
    model.dispose();
  });
});
