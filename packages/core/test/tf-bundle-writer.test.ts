import { describe, expect, it } from 'vitest';
import { TfBundle, type TfTensor, writeTfBundle } from '../src/index.js';
import { readVarint } from '../src/io/tf-bundle/proto-wire.js';
import { FOOTER_LENGTH, readBlock, readTable } from '../src/io/tf-bundle/table.js';
import { parseBlock } from '../src/io/tf-bundle/table-block.js';
import { writeTable } from '../src/io/tf-bundle/table-write.js';
import { fixtureFiles, TF_FIXTURES, UNCOMPRESSED } from './helpers/tf-fixtures.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** A fixture's tensors in data-file order, as TensorFlow added them. */
function tensorsOf(name: string): {
  bundle: TfBundle;
  tensors: Array<[string, TfTensor]>;
  data: Uint8Array;
  index: Uint8Array;
} {
  const { index, data } = fixtureFiles(name);
  const bundle = TfBundle.parse({ index, shards: [data] });
  const names = bundle.names().sort((a, b) => bundle.entry(a).offset - bundle.entry(b).offset);
  return { bundle, tensors: names.map((n) => [n, bundle.read(n)]), data, index };
}

describe('writeTfBundle against TensorFlow-written files', () => {
  for (const name of TF_FIXTURES) {
    it(`${name}: the same tensors give the same .data bytes and an index that parses identically`, () => {
      const { bundle, tensors, data, index } = tensorsOf(name);
      const w = writeTfBundle(tensors);
      expect(w.shards).toHaveLength(1);
      expect(Buffer.from(w.shards[0]).equals(Buffer.from(data))).toBe(true);
      const back = TfBundle.parse(w);
      expect(back.header).toEqual(bundle.header);
      expect(back.names()).toEqual(bundle.names());
      for (const n of bundle.names()) {
        expect(back.entry(n), n).toEqual(bundle.entry(n));
        expect(back.read(n), n).toEqual(bundle.read(n));
      }
      // TensorFlow's BundleWriter writes uncompressed tables; there our index is byte-identical.
      if (UNCOMPRESSED.includes(name)) expect(Buffer.from(w.index).equals(Buffer.from(index))).toBe(true);
      else expect(w.index.length).toBeGreaterThan(index.length); // theirs is snappy-compressed
    });
  }
});

describe('writeTfBundle round trips', () => {
  const tensors: Array<[string, TfTensor]> = [
    ['f32', { dtype: 'float32', shape: [2, 3], data: Float32Array.of(1, -2, 3.5, 0, Number.MAX_VALUE, -0) }],
    ['f16', { dtype: 'float16', shape: [2], data: Uint16Array.of(0x3c00, 0xc000) }],
    ['bf16', { dtype: 'bfloat16', shape: [1], data: Uint16Array.of(0x3f80) }],
    ['f64', { dtype: 'float64', shape: [1], data: Float64Array.of(Math.PI) }],
    ['i32', { dtype: 'int32', shape: [3], data: Int32Array.of(-1, 0, 2 ** 31 - 1) }],
    ['i64', { dtype: 'int64', shape: [], data: BigInt64Array.of(-(2n ** 62n)) }],
    ['b', { dtype: 'bool', shape: [2], data: Uint8Array.of(1, 0) }],
    [
      's',
      {
        dtype: 'string',
        shape: [3],
        data: [enc.encode('héllo'), new Uint8Array(0), new Uint8Array(300).fill(7)],
      },
    ],
    ['empty', { dtype: 'float32', shape: [0, 4], data: new Float32Array(0) }],
    ['ünïcode/name', { dtype: 'int8', shape: [1], data: Int8Array.of(-5) }],
  ];

  it('every dtype the reader handles comes back equal', () => {
    const b = TfBundle.parse(writeTfBundle(tensors));
    for (const [n, t] of tensors) expect(b.read(n), n).toEqual(t);
    // Index order is bytewise on the UTF-8 names, as TensorFlow's std::map orders them.
    expect(b.names()).toEqual(['b', 'bf16', 'empty', 'f16', 'f32', 'f64', 'i32', 'i64', 's', 'ünïcode/name']);
  });

  it('several data shards (as MergeBundles writes): each tensor read from its own shard', () => {
    const w = writeTfBundle(tensors, { numShards: 3 });
    expect(w.shards).toHaveLength(3);
    const b = TfBundle.parse(w, { prefix: 'multi' });
    expect(b.header.numShards).toBe(3);
    expect(new Set(tensors.map(([n]) => b.entry(n).shardId))).toEqual(new Set([0, 1, 2]));
    for (const [n, t] of tensors) expect(b.read(n), n).toEqual(t);
  });

  it('refuses values that do not fit the declared dtype and shape', () => {
    expect(() => writeTfBundle([['x', { dtype: 'float32', shape: [3], data: new Float32Array(2) }]])).toThrow(
      /3 float32/,
    );
    expect(() => writeTfBundle([['x', { dtype: 'int32', shape: [1], data: new Float32Array(1) }]])).toThrow(
      /int32/,
    );
    expect(() => writeTfBundle([['', { dtype: 'int32', shape: [1], data: new Int32Array(1) }]])).toThrow(
      /empty or duplicate/,
    );
  });
});

describe('LevelDB table layout', () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({
    key: enc.encode(`bert/encoder/transformer/group_0/inner_group_0/var_${String(i).padStart(4, '0')}`),
    value: enc.encode(`value ${i}`.repeat(1 + (i % 5))),
  }));

  /** The index block's entries (separator key, data block), from the footer's index handle. */
  function indexOf(bytes: Uint8Array) {
    const f = bytes.length - FOOTER_LENGTH;
    const [, p] = readVarint(bytes, readVarint(bytes, f, f + 40, {})[1], f + 40, {});
    const [offset, q] = readVarint(bytes, p, f + 40, {});
    const [size] = readVarint(bytes, q, f + 40, {});
    return parseBlock(readBlock(bytes, { offset, size }, {}, 'index'), {}).map((e) => {
      const [o, r] = readVarint(e.value, 0, e.value.length, {});
      const [s] = readVarint(e.value, r, e.value.length, {});
      return { key: dec.decode(e.key), block: readBlock(bytes, { offset: o, size: s }, {}, 'data') };
    });
  }

  it('many keys over several small blocks: all read back in order', () => {
    const bytes = writeTable(rows, { blockSize: 512 });
    const back = readTable(bytes, { file: 't' });
    expect(back.map((r) => dec.decode(r.key))).toEqual(rows.map((r) => dec.decode(r.key)));
    expect(back.map((r) => dec.decode(r.value))).toEqual(rows.map((r) => dec.decode(r.value)));
  });

  it('index separators are short keys between blocks; each block restarts every 16 keys', () => {
    const blocks = indexOf(writeTable(rows, { blockSize: 512 }));
    expect(blocks.length).toBeGreaterThan(10);
    let seen = 0;
    for (const [i, b] of blocks.entries()) {
      const entries = parseBlock(b.block, {});
      const last = dec.decode(entries[entries.length - 1].key);
      expect(b.key >= last).toBe(true);
      if (i < blocks.length - 1) expect(b.key < dec.decode(rows[seen + entries.length].key)).toBe(true);
      const numRestarts = new DataView(b.block.buffer, b.block.byteOffset).getUint32(
        b.block.length - 4,
        true,
      );
      expect(numRestarts).toBe(Math.ceil(entries.length / 16));
      seen += entries.length;
    }
    expect(seen).toBe(rows.length);
    // The last separator is the short successor of the last key: its first byte incremented.
    expect(blocks[blocks.length - 1].key).toBe('c');
    // Keys sharing a prefix are stored once: one block is far smaller than its full keys.
    const one = indexOf(writeTable(rows))[0].block.length;
    expect(one).toBeLessThan(rows.reduce((a, r) => a + r.key.length + r.value.length, 0) * 0.6);
  });

  it('a block too short for its restart count is refused', () => {
    expect(() => parseBlock(new Uint8Array([1, 0]), { file: 'x' })).toThrow(/too short/);
    expect(() => parseBlock(Uint8Array.of(0, 0, 0, 0, 9, 0, 0, 0), { file: 'x' })).toThrow(
      /restarts do not fit/,
    );
  });
});
