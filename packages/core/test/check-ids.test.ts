import { readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertError, AlbertModel, setupBackend, toTensor } from '../src/index.js';
import { BACKENDS } from './helpers.js';

function err(f: () => unknown): AlbertError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AlbertError);
    expect((e as AlbertError).code).toBe('INVALID_INPUT');
    return e as AlbertError;
  }
  throw new Error('expected an AlbertError');
}

for (const backend of BACKENDS) {
  describe(`id values are checked before any cast (${backend})`, () => {
    let m: AlbertModel;
    let base: number;
    beforeAll(async () => {
      await setupBackend({ backend, native: false });
      m = AlbertModel.fromConfig(readFixtureJson('albert-tiny', 'config.json'), { seed: 1 });
      base = tf.memory().numTensors;
    });
    afterAll(() => {
      expect(tf.memory().numTensors).toBe(base);
      m.dispose();
    });

    const f32 = (v: number[][]) => tf.tensor2d(v, undefined, 'float32');

    it('float32 ids that an int32 cast would wrap or truncate are refused, naming the field', () => {
      const cases: Array<[number, RegExp]> = [
        [2 ** 32, /inputIds: value 4294967296 at flat index 1 is out of range: expected ids in \[0, 512\)/],
        [1e12, /inputIds: value 999999995904 at flat index 1 is out of range/],
        [-(2 ** 32), /inputIds: value -4294967296/],
        [Number.NaN, /inputIds: value NaN at flat index 1 is not finite/],
        [Number.POSITIVE_INFINITY, /inputIds: value Infinity at flat index 1 is not finite/],
        [2.5, /inputIds: expected integers, found 2\.5/],
        [512, /inputIds: value 512 .*vocab_size/],
      ];
      for (const [x, msg] of cases) {
        const t = f32([[2, x, 3]]);
        expect(err(() => m.call({ inputIds: t })).message).toMatch(msg);
        t.dispose();
      }
    });

    it('bool ids are refused; a bool attention mask is a mask', () => {
      const b = tf.tensor2d([[true, false]], undefined, 'bool');
      expect(err(() => m.call({ inputIds: b })).message).toMatch(
        /inputIds: expected integer ids, found a bool tensor/,
      );
      expect(err(() => m.call({ inputIds: [[2, 3]], tokenTypeIds: b })).message).toMatch(
        /tokenTypeIds: .*bool/,
      );
      const mask = tf.tensor2d([[true, false]], undefined, 'bool');
      const a = m.call({ inputIds: [[2, 3]], attentionMask: mask });
      const c = m.call({ inputIds: [[2, 3]], attentionMask: [[1, 0]] });
      expect(Array.from(a.lastHiddenState.dataSync())).toEqual(Array.from(c.lastHiddenState.dataSync()));
      tf.dispose([b, mask, a, c]);
    });

    it('token types and masks that would wrap are refused too', () => {
      const ids = [[2, 5, 3]];
      const wrapT = f32([[0, 2 ** 32, 0]]);
      expect(err(() => m.call({ inputIds: ids, tokenTypeIds: wrapT })).message).toMatch(
        /tokenTypeIds: value 4294967296 .*type_vocab_size/,
      );
      const wrapM = f32([[1, 2 ** 33, 1]]);
      expect(err(() => m.call({ inputIds: ids, attentionMask: wrapM })).message).toMatch(
        /attentionMask: value 8589934592 .*0 or 1/,
      );
      const nanM = f32([[1, Number.NaN, 1]]);
      expect(err(() => m.call({ inputIds: ids, attentionMask: nanM })).message).toMatch(
        /attentionMask: .*not finite/,
      );
      tf.dispose([wrapT, wrapM, nanM]);
    });

    it('valid float32 ids give exactly the int32 result', () => {
      const ids = [
        [2, 17, 400, 3],
        [2, 9, 3, 0],
      ];
      const i = tf.tensor2d(ids, undefined, 'int32');
      const f = f32(ids);
      const mask = f32([
        [1, 1, 1, 1],
        [1, 1, 1, 0],
      ]);
      const a = m.call({ inputIds: i, attentionMask: mask });
      const b = m.call({
        inputIds: f,
        attentionMask: [
          [1, 1, 1, 1],
          [1, 1, 1, 0],
        ],
      });
      expect(Array.from(a.lastHiddenState.dataSync())).toEqual(Array.from(b.lastHiddenState.dataSync()));
      tf.dispose([i, f, mask, a, b]);
    });

    it('toTensor(…, "int32") (labels, positions) refuses values the cast would change', () => {
      for (const [x, msg] of [
        [2 ** 32, /labels: value 4294967296 at flat index 0 does not fit a 32-bit integer/],
        [Number.NaN, /labels: value NaN .*not finite/],
        [0.5, /labels: expected integers, found 0\.5/],
      ] as const) {
        const t = tf.tensor1d([x, 1]);
        expect(err(() => toTensor(t, 'labels', 'int32')).message).toMatch(msg);
        t.dispose();
      }
      const ok = tf.tensor1d([-100, 1]);
      const c = toTensor(ok, 'labels', 'int32');
      expect(Array.from(c.dataSync())).toEqual([-100, 1]);
      tf.dispose([ok, c]);
    });
  });
}
