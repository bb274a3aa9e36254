import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlbertError,
  TfBundle,
  TfCheckpointError,
  type TfCheckpointProblem,
  writeTfBundle,
} from '../src/index.js';
import { encodeEntry, encodeHeader } from '../src/io/tf-bundle/bundle-proto.js';
import { snappyDecompress } from '../src/io/tf-bundle/snappy.js';
import { writeTable } from '../src/io/tf-bundle/table-write.js';
import { fixtureFiles, resealBlock, TF_FIXTURES, tableBlocks } from './helpers/tf-fixtures.js';

const copy = (b: Uint8Array) => new Uint8Array(b);

/** Parses and reads every tensor; returns the error thrown, if any. */
function readAll(
  index: Uint8Array,
  data: Uint8Array,
  prefix = 'ckpt',
): TfCheckpointError | Map<string, unknown> {
  try {
    const b = TfBundle.parse({ index, shards: [data] }, { prefix });
    return new Map(b.names().map((n) => [n, b.read(n)]));
  } catch (e) {
    if (e instanceof TfCheckpointError) return e;
    throw e;
  }
}

function problem(index: Uint8Array, data: Uint8Array, want: TfCheckpointProblem): TfCheckpointError {
  const r = readAll(index, data);
  expect(r, 'expected a TfCheckpointError').toBeInstanceOf(TfCheckpointError);
  const e = r as TfCheckpointError;
  expect(e).toBeInstanceOf(AlbertError);
  expect(e.code).toBe('INVALID_TF_CHECKPOINT');
  expect(e.problem, e.message).toBe(want);
  return e;
}

const three = () => fixtureFiles('saved_model_half_plus_three');

describe('corrupt index files', () => {
  it('shorter than the footer: TRUNCATED, naming the index file and the sizes', () => {
    const { index, data } = three();
    const e = problem(index.subarray(0, 20), data, 'TRUNCATED');
    expect(e.file).toBe('ckpt.index');
    expect(e.message).toMatch(/ckpt\.index.*20 bytes, shorter than the 48-byte table footer/);
  });

  it('cut by one byte (the footer shifts) or a changed magic: BAD_MAGIC with expected and found', () => {
    const { index, data } = three();
    expect(problem(index.subarray(0, index.length - 1), data, 'BAD_MAGIC').message).toMatch(
      /expected 0xdb4775248b80fb57, found 0x/,
    );
    const bad = copy(index);
    bad[bad.length - 1] ^= 0xff;
    expect(problem(bad, data, 'BAD_MAGIC').message).toContain('found 0x24');
  });

  it('a flipped byte inside a block: CHECKSUM, with both CRCs', () => {
    const { index, data } = three();
    const bad = copy(index);
    bad[14] ^= 0x01; // inside entry "a"
    const e = problem(bad, data, 'CHECKSUM');
    expect(e.message).toMatch(/data block at 0: CRC32C expected 0x[0-9a-f]{8}, found 0x[0-9a-f]{8}/);
  });

  it('an unknown compression type or a broken snappy block (CRC resealed): BAD_BLOCK / BAD_SNAPPY', () => {
    const { index, data } = three();
    const [h] = tableBlocks(index).data;
    const typed = copy(index);
    typed[h.offset + h.size] = 2;
    resealBlock(typed, h);
    expect(problem(typed, data, 'BAD_BLOCK').message).toContain('unknown compression type 2');

    const snappy = fixtureFiles('saved_model_half_plus_two_cpu');
    const [s] = tableBlocks(snappy.index).data;
    const broken = copy(snappy.index);
    broken[s.offset] = 0x7f; // the uncompressed-length preamble no longer matches
    resealBlock(broken, s);
    expect(problem(broken, snappy.data, 'BAD_SNAPPY').message).toMatch(/snappy block: /);
  });

  it('a snappy block naming a huge length is refused before allocating', () => {
    const snappy = fixtureFiles('saved_model_half_plus_two_cpu');
    const [s] = tableBlocks(snappy.index).data;
    const bad = copy(snappy.index);
    bad.set([0xff, 0xff, 0xff, 0xff, 0x0f], s.offset); // 2^32-1 from ~100 bytes
    resealBlock(bad, s);
    expect(problem(bad, snappy.data, 'BAD_SNAPPY').message).toMatch(/declares|preamble|overruns|copy/);
  });
});

describe('corrupt data shards', () => {
  it('a flipped byte in a tensor: CHECKSUM naming the tensor and the shard file', () => {
    const { index, data } = three();
    const bad = copy(data);
    bad[5] ^= 0x40; // tensor "b" is bytes [4, 8)
    const e = problem(index, bad, 'CHECKSUM');
    expect(e.tensor).toBe('b');
    expect(e.file).toBe('ckpt.data-00000-of-00001');
    expect(e.message).toMatch(
      /tensor "b".*CRC32C of the tensor bytes expected 0x[0-9a-f]{8}, found 0x[0-9a-f]{8}/,
    );
  });

  it('a flipped byte in a string tensor: CHECKSUM (lengths and bytes are both covered)', () => {
    const { index, data } = fixtureFiles('saved_model_half_plus_two_tf2_cpu');
    for (const at of [12, 14, 30, data.length - 1]) {
      const bad = copy(data);
      bad[at] ^= 0x10;
      const e = readAll(index, bad) as TfCheckpointError;
      expect(e).toBeInstanceOf(TfCheckpointError);
      expect(e.tensor).toBe('_CHECKPOINTABLE_OBJECT_GRAPH');
    }
  });

  it('a truncated shard: TRUNCATED with the byte range expected and the size found', () => {
    const { index, data } = three();
    const e = problem(index, data.subarray(0, 10), 'TRUNCATED');
    expect(e.tensor).toBe('c');
    expect(e.message).toContain('bytes [8, 12) expected, the file has 10');
  });

  it('a missing shard: MISSING_SHARD naming the file TensorFlow would look for', () => {
    const w = writeTfBundle(
      [
        ['x', { dtype: 'float32', shape: [1], data: Float32Array.of(1) }],
        ['y', { dtype: 'float32', shape: [1], data: Float32Array.of(2) }],
      ],
      { numShards: 2 },
    );
    const err = (() => {
      try {
        TfBundle.parse({ index: w.index, shards: [w.shards[0]] }, { prefix: 'model.ckpt-10' });
      } catch (e) {
        return e as TfCheckpointError;
      }
    })();
    expect(err?.problem).toBe('MISSING_SHARD');
    expect(err?.file).toBe('model.ckpt-10.data-00001-of-00002');
  });
});

describe('entries that cannot be right', () => {
  const table = (entry: Uint8Array) =>
    writeTable([
      { key: new Uint8Array(0), value: encodeHeader(1) },
      { key: new TextEncoder().encode('w'), value: entry },
    ]);
  const base = {
    dtype: 'float32' as const,
    shape: [2, 3],
    shardId: 0,
    offset: 0,
    size: 24,
    crc32c: 0,
    slices: 0,
  };

  it('size disagreeing with dtype x shape: SIZE_MISMATCH with both sizes', () => {
    const e = problem(table(encodeEntry({ ...base, size: 20 })), new Uint8Array(24), 'SIZE_MISMATCH');
    expect(e.message).toContain('float32[2,3] needs 24 bytes, the entry says 20');
  });

  it('an unknown dtype enum, a partitioned variable, a bad shard id', () => {
    const unknown = encodeEntry(base);
    unknown[1] = 99; // the dtype varint
    expect(problem(table(unknown), new Uint8Array(24), 'UNSUPPORTED').message).toContain('dtype enum 99');
    expect(
      problem(table(encodeEntry({ ...base, shardId: 3 })), new Uint8Array(24), 'BAD_PROTO').message,
    ).toContain('shard id 3');
  });
});

describe('fuzz: mutated TensorFlow-written files never crash or hang', () => {
  for (const name of TF_FIXTURES) {
    it(`${name}: a typed error or exactly the original tensors`, () => {
      const { index, data } = fixtureFiles(name);
      const original = readAll(index, data) as Map<string, unknown>;
      const mutation = fc.record({
        target: fc.constantFrom('index', 'data'),
        edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        cut: fc.option(fc.nat(), { nil: undefined }),
      });
      let refused = 0;
      fc.assert(
        fc.property(mutation, ({ target, edits, cut }) => {
          const src = target === 'index' ? index : data;
          let b = copy(src);
          for (const [at, v] of edits) b[at % b.length] = v;
          if (cut !== undefined) b = b.subarray(0, cut % (b.length + 1));
          const r = target === 'index' ? readAll(b, data) : readAll(index, b);
          if (r instanceof TfCheckpointError) {
            refused++;
            expect(r.code).toBe('INVALID_TF_CHECKPOINT');
            expect(r.message.length).toBeLessThan(600);
          } else expect(r).toEqual(original);
        }),
        { numRuns: 400, seed: 15 },
      );
      expect(refused).toBeGreaterThan(100);
    });
  }
});

describe('snappy', () => {
  const dec = (b: number[]) => new TextDecoder().decode(snappyDecompress(Uint8Array.from(b), {}));
  const ascii = (t: string) => [...t].map((c) => c.charCodeAt(0));

  it('literals (short and length-prefixed) and 1-, 2- and 4-byte-offset copies, overlapping ones too', () => {
    expect(dec([5, 4 << 2, ...ascii('hello')])).toBe('hello');
    const long = 'x'.repeat(70) + 'y'.repeat(30);
    expect(dec([100, 60 << 2, 99, ...ascii(long)])).toBe(long);
    expect(dec([8, 1 << 2, ...ascii('ab'), (2 << 2) | 1, 2])).toBe('abababab'); // copy-1, len 6, offset 2
    expect(dec([9, 2 << 2, ...ascii('abc'), (5 << 2) | 2, 3, 0])).toBe('abcabcabc'); // copy-2, len 6
    expect(dec([7, 3 << 2, ...ascii('abcd'), (2 << 2) | 3, 4, 0, 0, 0])).toBe('abcdabc'); // copy-4, len 3
  });

  it('never reads or writes out of bounds: arbitrary bytes decode or throw TfCheckpointError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        try {
          const out = snappyDecompress(b, {});
          expect(out.length).toBeLessThanOrEqual(Math.max(1, b.length) * 64);
        } catch (e) {
          expect(e).toBeInstanceOf(TfCheckpointError);
        }
      }),
      { numRuns: 2000, seed: 15 },
    );
  });

  it('arbitrary bytes as an index: always a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        expect(readAll(b, new Uint8Array(0))).toBeInstanceOf(TfCheckpointError);
      }),
      { numRuns: 1000, seed: 15 },
    );
  });
});
