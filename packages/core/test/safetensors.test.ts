import { readFixtureBytes } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type AlbertError,
  parseSafetensors,
  readFloat32,
  readSafetensors,
  SafetensorsError,
  setupBackend,
  writeSafetensors,
} from '../src/index.js';

/** Builds a safetensors buffer from a header object and raw data (the test's own encoder). */
function build(header: unknown, data: Uint8Array, claimedLength?: number): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  const dv = new DataView(out.buffer);
  const n = claimedLength ?? json.length;
  dv.setUint32(0, n % 2 ** 32, true);
  dv.setUint32(4, Math.floor(n / 2 ** 32), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SafetensorsError);
    expect((e as AlbertError).code).toBe('INVALID_SAFETENSORS');
    return (e as SafetensorsError).problem;
  }
  throw new Error('expected a SafetensorsError');
}

const f32 = (xs: number[]) => new Uint8Array(new Float32Array(xs).buffer);

describe('safetensors', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu' });
  });

  it('reads the fixture file: names, shapes, values', () => {
    const bytes = readFixtureBytes('albert-tiny', 'model.safetensors');
    const file = parseSafetensors(bytes);
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors.get('albert.embeddings.word_embeddings.weight')!.shape).toEqual([512, 16]);
    expect(file.tensors.size).toBe(32);
    // Independent check of one value: decode the first float of the first tensor by hand.
    const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const first = new DataView(bytes.buffer, bytes.byteOffset + 8 + n).getFloat32(0, true);
    expect(readFloat32(file, 'albert.embeddings.LayerNorm.bias')[0]).toBe(first);
  });

  it('writes exactly the bytes HF wrote for the same tensors', () => {
    const bytes = readFixtureBytes('albert-tiny', 'model.safetensors');
    const tensors = readSafetensors(bytes);
    const again = writeSafetensors(tensors);
    tf.dispose([...tensors.values()]);
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
  });

  it('round-trips F32, I32 and BOOL; pads the header to 8 bytes', () => {
    const m = new Map<string, tf.Tensor>([
      [
        'b',
        tf.tensor2d([
          [1.5, -2],
          [3, 4e-8],
        ]),
      ],
      ['a', tf.tensor1d([7, -9, 2147483647], 'int32')],
      ['c', tf.tensor1d([true, false], 'bool')],
      ['empty', tf.zeros([0, 3])],
    ]);
    const bytes = writeSafetensors(m);
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect(n % 8).toBe(0);
    const back = readSafetensors(bytes);
    for (const [k, t] of m) {
      expect(back.get(k)!.dtype).toBe(t.dtype);
      expect(back.get(k)!.arraySync()).toEqual(t.arraySync());
    }
    tf.dispose([...m.values(), ...back.values()]);
  });

  it('upcasts F16 and BF16, converts F64', () => {
    // 1.0, -2.0, 0.5, 65504 (max half), a subnormal, inf in F16.
    const half = new Uint16Array([0x3c00, 0xc000, 0x3800, 0x7bff, 0x0001, 0x7c00]);
    const bf = new Uint16Array([0x3f80, 0xc040, 0x4049]); // 1, -3, 3.140625
    const f64 = new Float64Array([0.1, -1e300]);
    const data = new Uint8Array(12 + 6 + 16);
    data.set(new Uint8Array(half.buffer), 0);
    data.set(new Uint8Array(bf.buffer), 12);
    data.set(new Uint8Array(f64.buffer), 18);
    const bytes = build(
      {
        h: { dtype: 'F16', shape: [6], data_offsets: [0, 12] },
        b: { dtype: 'BF16', shape: [3], data_offsets: [12, 18] },
        d: { dtype: 'F64', shape: [2], data_offsets: [18, 34] },
      },
      data,
    );
    const file = parseSafetensors(bytes);
    expect([...readFloat32(file, 'h')]).toEqual([1, -2, 0.5, 65504, 2 ** -24, Number.POSITIVE_INFINITY]);
    expect([...readFloat32(file, 'b')]).toEqual([1, -3, 3.140625]);
    const d = readFloat32(file, 'd');
    expect(d[0]).toBe(Math.fround(0.1));
    expect(d[1]).toBe(Number.NEGATIVE_INFINITY);
  });

  describe('corrupt input gives typed errors', () => {
    const ok = { x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
    it('shorter than the length prefix', () => {
      expect(problemOf(() => parseSafetensors(new Uint8Array(5)))).toBe('TRUNCATED');
    });
    it('header length past the end', () => {
      expect(problemOf(() => parseSafetensors(build(ok, f32([1, 2]), 10_000)))).toBe('TRUNCATED');
    });
    it('a 100 MB header claimed (and u64 lengths beyond 2^32) is refused before allocating', () => {
      expect(problemOf(() => parseSafetensors(build(ok, f32([1, 2]), 100_000_001)))).toBe('HEADER_TOO_LARGE');
      expect(problemOf(() => parseSafetensors(build(ok, f32([1, 2]), 2 ** 40)))).toBe('HEADER_TOO_LARGE');
    });
    it('header not JSON / not an object', () => {
      const bad = new Uint8Array(16);
      new DataView(bad.buffer).setUint32(0, 8, true);
      bad.set(new TextEncoder().encode('{"a":[1,'), 8);
      expect(problemOf(() => parseSafetensors(bad))).toBe('HEADER_NOT_JSON');
      expect(problemOf(() => parseSafetensors(build([1, 2], new Uint8Array(0))))).toBe('HEADER_NOT_JSON');
    });
    it('unknown dtype', () => {
      const h = { x: { dtype: 'F31', shape: [2], data_offsets: [0, 8] } };
      expect(problemOf(() => parseSafetensors(build(h, f32([1, 2]))))).toBe('UNKNOWN_DTYPE');
    });
    it('offsets out of bounds', () => {
      const h = { x: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } };
      expect(problemOf(() => parseSafetensors(build(h, f32([1, 2]))))).toBe('BAD_OFFSETS');
    });
    it('overlapping offsets', () => {
      const h = {
        x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        y: { dtype: 'F32', shape: [2], data_offsets: [4, 12] },
      };
      expect(problemOf(() => parseSafetensors(build(h, f32([1, 2, 3]))))).toBe('BAD_OFFSETS');
    });
    it('a gap or trailing bytes in the data section', () => {
      const h = { x: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } };
      expect(problemOf(() => parseSafetensors(build(h, f32([1, 2]))))).toBe('BAD_OFFSETS');
      expect(problemOf(() => parseSafetensors(build(ok, f32([1, 2, 3]))))).toBe('BAD_OFFSETS');
    });
    it('shape and byte range disagree; malformed entries', () => {
      const h = { x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } };
      expect(problemOf(() => parseSafetensors(build(h, f32([1, 2]))))).toBe('SIZE_MISMATCH');
      const neg = { x: { dtype: 'F32', shape: [-2], data_offsets: [0, 8] } };
      expect(problemOf(() => parseSafetensors(build(neg, f32([1, 2]))))).toBe('BAD_ENTRY');
      const huge = { x: { dtype: 'F32', shape: [2 ** 40, 2 ** 40], data_offsets: [0, 8] } };
      expect(problemOf(() => parseSafetensors(build(huge, f32([1, 2]))))).toBe('SIZE_MISMATCH');
    });
    it('an integer dtype cannot be read as float weights', () => {
      const h = { x: { dtype: 'I32', shape: [2], data_offsets: [0, 8] } };
      expect(problemOf(() => readFloat32(parseSafetensors(build(h, f32([1, 2]))), 'x'))).toBe(
        'UNSUPPORTED_DTYPE',
      );
    });
    it('random and mutated bytes never throw anything but SafetensorsError', () => {
      const good = writeSafetensors({
        w: { dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
      });
      fc.assert(
        fc.property(
          fc.oneof(
            fc.uint8Array({ maxLength: 200 }),
            fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })).map(([i, v]) => {
              const b = good.slice();
              b[i] = v;
              return b;
            }),
            fc.nat(good.length).map((n) => good.slice(0, n)),
          ),
          (bytes) => {
            try {
              for (const t of readSafetensors(bytes).values()) t.dispose();
            } catch (e) {
              if (!(e instanceof SafetensorsError)) throw e;
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  });
});
