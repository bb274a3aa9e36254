import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat32,
  crc32c,
  float16ToFloat32,
  maskCrc,
  parseTfBundleIndex,
  TfBundle,
  unmaskCrc,
} from '../src/index.js';
import { fixtureFiles } from './helpers/tf-fixtures.js';

/** The TensorFlow-written fixtures and what their exporting scripts assigned (fixture README). */
const FIXTURES: Record<string, Record<string, { shape: number[]; values: number[] }>> = {
  saved_model_half_plus_two_cpu: {
    a: { shape: [], values: [0.5] },
    a2: { shape: [], values: [0.5] },
    b: { shape: [], values: [2] },
    c: { shape: [], values: [3] },
    c2: { shape: [], values: [3] },
  },
  saved_model_half_plus_three: {
    a: { shape: [], values: [0.5] },
    b: { shape: [], values: [3] },
    c: { shape: [], values: [3] },
  },
  saved_model_half_plus_two_mkl: {
    a: { shape: [], values: [0.5] },
    b: { shape: [], values: [2] },
    c: { shape: [], values: [3] },
    'conv2d/bias': { shape: [1], values: [0] },
    'conv2d/kernel': { shape: [1, 1, 1, 1], values: [-0.5223959684371948] },
    'conv2d_1/bias': { shape: [1], values: [0] },
    'conv2d_1/kernel': { shape: [1, 1, 1, 1], values: [-1.0451120138168335] },
    'conv2d_2/bias': { shape: [1], values: [0] },
    'conv2d_2/kernel': { shape: [1, 1, 1, 1], values: [1.577943205833435] },
  },
  saved_model_half_plus_two_tf2_cpu: {
    'a/.ATTRIBUTES/VARIABLE_VALUE': { shape: [], values: [0.5] },
    'b/.ATTRIBUTES/VARIABLE_VALUE': { shape: [], values: [2] },
    'c/.ATTRIBUTES/VARIABLE_VALUE': { shape: [], values: [3] },
  },
  saved_model_counter: { counter: { shape: [], values: [0] } },
};

describe('crc32c', () => {
  it('matches the standard check value and RFC 3720 vectors', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
  });

  it('extends: crc(a ++ b) = crc(b, crc(a)), across the 8-byte fast path', () => {
    const all = Uint8Array.from({ length: 1001 }, (_, i) => (i * 7919) & 0xff);
    for (const cut of [0, 1, 7, 8, 9, 500, 1001]) {
      expect(crc32c(all.subarray(cut), crc32c(all.subarray(0, cut)))).toBe(crc32c(all));
    }
  });

  it('mask and unmask are inverse (LevelDB masking)', () => {
    for (const c of [0, 1, 0xe3069283, 0xffffffff, 0x12345678]) expect(unmaskCrc(maskCrc(c))).toBe(c);
    expect(maskCrc(0)).toBe(0xa282ead8);
  });
});

describe('TensorFlow-written bundles', () => {
  for (const [name, want] of Object.entries(FIXTURES)) {
    it(`${name}: every tensor, exact values, dtype and shape, CRC checked`, () => {
      const { index, data } = fixtureFiles(name);
      const b = TfBundle.parse({ index, shards: [data] }, { prefix: name });
      expect(b.header).toEqual({
        numShards: 1,
        endianness: 0,
        version: { producer: 1, minConsumer: 0, badConsumers: [] },
      });
      const floats = b.names().filter((n) => n !== '_CHECKPOINTABLE_OBJECT_GRAPH');
      expect(floats).toEqual(Object.keys(want).sort());
      let bytes = 0;
      for (const n of floats) {
        const t = b.read(n);
        expect(t.dtype, n).toBe('float32');
        expect(t.shape, n).toEqual(want[n].shape);
        expect(t.data).toBeInstanceOf(Float32Array);
        // Exact: each expected value is the double equal to the stored float32.
        expect(Array.from(t.data as Float32Array), n).toEqual(want[n].values);
        bytes += b.entry(n).size;
      }
      if (name !== 'saved_model_half_plus_two_tf2_cpu') expect(bytes).toBe(data.length);
    });
  }

  it('the TF2 object graph is a string scalar whose bytes parse as a protobuf (CRC of lengths and bytes checked)', () => {
    const { index, data } = fixtureFiles('saved_model_half_plus_two_tf2_cpu');
    const b = TfBundle.parse({ index, shards: [data] });
    const e = b.entry('_CHECKPOINTABLE_OBJECT_GRAPH');
    expect([e.dtype, e.shape, e.offset, e.size]).toEqual(['string', [], 12, 619]);
    const t = b.read('_CHECKPOINTABLE_OBJECT_GRAPH');
    const [s] = t.data as Uint8Array[];
    expect(s.length).toBe(613); // 619 = 1-byte varint length + 4-byte length CRC + 613 bytes
    expect(new TextDecoder('latin1').decode(s)).toContain('VARIABLE_VALUE');
    expect(data.length).toBe(631);
  });

  it('reads snappy-compressed index blocks (two fixtures were written with compression on)', () => {
    // Block type byte 1 in the trailer of the first (data) block.
    for (const name of ['saved_model_half_plus_two_cpu', 'saved_model_half_plus_two_tf2_cpu']) {
      const { index } = fixtureFiles(name);
      const { entries } = parseTfBundleIndex(index, name);
      const first = [...entries.values()][0];
      expect(first.dtype).toBeDefined();
      // the compressed block starts with the snappy varint length, not an empty-key entry (00 00)
      expect(index[0] !== 0 || index[1] !== 0).toBe(true);
    }
    const plain = fixtureFiles('saved_model_counter').index;
    expect([plain[0], plain[1]]).toEqual([0, 0]);
  });
});

describe('16-bit floats', () => {
  it('float16 and bfloat16 decode exactly', () => {
    expect([0x3c00, 0xc000, 0x3555, 0x0001, 0x7bff, 0x7c00, 0x8000].map(float16ToFloat32)).toEqual([
      1,
      -2,
      0.333251953125,
      2 ** -24,
      65504,
      Number.POSITIVE_INFINITY,
      -0,
    ]);
    expect(Number.isNaN(float16ToFloat32(0x7e00))).toBe(true);
    expect([0x3f80, 0xc040, 0x3eaa].map(bfloat16ToFloat32)).toEqual([1, -3, 0.33203125]);
  });
});
