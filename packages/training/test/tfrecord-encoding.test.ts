import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  crc32c,
  type ExampleFeature,
  encodeExample,
  frameRecord,
  maskCrc32c,
  RECORD_OVERHEAD,
  TrainingError,
  unmaskCrc32c,
} from '../src/index.js';
import { bitwiseCrc32c, decodeExample, masked, readRecords } from './tfrecord/reader.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('crc32c', () => {
  it('matches the published check value and the RFC 3720 (iSCSI) vectors', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('agrees with the bit-by-bit reader CRC on any bytes, and continues across chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(300), (data, cut) => {
        const k = Math.min(cut, data.length);
        expect(crc32c(data)).toBe(bitwiseCrc32c(data));
        expect(crc32c(data.subarray(k), crc32c(data.subarray(0, k)))).toBe(crc32c(data));
      }),
    );
  });

  it('masks as TensorFlow does, and unmasks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (c) => {
        expect(maskCrc32c(c)).toBe(masked(c));
        expect(unmaskCrc32c(maskCrc32c(c))).toBe(c);
      }),
    );
  });
});

describe('frameRecord', () => {
  it('frames as TFRecord: length, masked CRCs; the reader returns the payload', () => {
    const data = bytes('hello tfrecord');
    const rec = frameRecord(data);
    expect(rec.length).toBe(data.length + RECORD_OVERHEAD);
    const v = new DataView(rec.buffer);
    expect(v.getUint32(0, true)).toBe(data.length);
    expect(v.getUint32(4, true)).toBe(0);
    expect(readRecords(rec)).toEqual([data]);
    expect(readRecords(new Uint8Array([...frameRecord(new Uint8Array(0)), ...rec]))).toEqual([
      new Uint8Array(0),
      data,
    ]);
  });

  it('the reader rejects a flipped bit anywhere in a record', () => {
    const rec = frameRecord(bytes('some payload bytes'));
    for (let i = 0; i < rec.length; i++) {
      const bad = rec.slice();
      bad[i] ^= 0x10;
      expect(() => readRecords(bad), `byte ${i}`).toThrow(/CRC mismatch|truncated/);
    }
  });
});

const featureArb: fc.Arbitrary<ExampleFeature> = fc.oneof(
  fc.record({ int64: fc.array(fc.maxSafeInteger(), { maxLength: 20 }) }),
  fc.record({ float: fc.array(fc.float({ noNaN: true }), { maxLength: 20 }) }),
);

describe('encodeExample', () => {
  it('protobufjs, with a schema from example.proto/feature.proto, decodes exactly what was encoded', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.string({ maxLength: 12 }), featureArb), {
          selector: (t) => t[0],
          maxLength: 8,
        }),
        (features) => {
          const decoded = decodeExample(encodeExample(features));
          // A map has no order (and JS objects reorder integer-like keys), so compare as sets.
          expect([...decoded.keys()].sort()).toEqual(features.map((f) => f[0]).sort());
          for (const [name, f] of features) {
            const d = decoded.get(name)!;
            if ('int64' in f) expect(d).toEqual({ kind: 'int64', values: [...f.int64] });
            else expect(d).toEqual({ kind: 'float', values: f.float.map((x) => Math.fround(x)) });
          }
        },
      ),
    );
  });

  it('writes negative int64 as 10-byte two’s complement varints', () => {
    const d = decodeExample(
      encodeExample([['x', { int64: [-1, -2, -(2 ** 40), -Number.MAX_SAFE_INTEGER] }]]),
    );
    expect(d.get('x')!.values).toEqual([-1, -2, -(2 ** 40), -Number.MAX_SAFE_INTEGER]);
  });

  it('rejects non-integers in int64 features with a typed error naming the feature', () => {
    expect(() => encodeExample([['ids', { int64: [1, 2.5] }]])).toThrow(TrainingError);
    expect(() => encodeExample([['ids', { int64: [1, 2.5] }]])).toThrow(/feature ids/);
  });
});
