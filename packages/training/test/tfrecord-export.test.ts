import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PretrainingBatch, pretrainingDataset, TrainingError } from '../src/index.js';
import { readDocuments, shardPaths, writePretrainingTFRecords } from '../src/node.js';
import { brownDocuments } from './helpers/brown.js';
import { type DecodedFeature, decodeExample, readRecords } from './tfrecord/reader.js';

const SEQ = 128;
const PREDS = 20;
const OPTS = { maxSeqLength: SEQ, maxPredictionsPerSeq: PREDS, dupeFactor: 2, randomSeed: 77 } as const;

/** run_pretraining.py's `name_to_features` (input_fn), plus `token_boundary`, which it parses
 *  under --masked_lm_budget and create_pretraining_data.py always writes. */
const PARSING_SPEC: Record<string, { kind: 'int64' | 'float'; length: number }> = {
  input_ids: { kind: 'int64', length: SEQ },
  input_mask: { kind: 'int64', length: SEQ },
  segment_ids: { kind: 'int64', length: SEQ },
  next_sentence_labels: { kind: 'int64', length: 1 },
  token_boundary: { kind: 'int64', length: SEQ },
  masked_lm_positions: { kind: 'int64', length: PREDS },
  masked_lm_ids: { kind: 'int64', length: PREDS },
  masked_lm_weights: { kind: 'float', length: PREDS },
};

let tok: AlbertTokenizer;
let dir: string;
let docs: string[][];
let records: Map<string, DecodedFeature>[];
let shardCounts: number[];
let result: Awaited<ReturnType<typeof writePretrainingTFRecords>>;

/** Records of round-robin shards, back in the order they were written. */
function interleave<T>(shards: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; ; i++) {
    const s = shards[i % shards.length];
    const r = s[Math.floor(i / shards.length)];
    if (!r) return out;
    out.push(r);
  }
}

beforeAll(async () => {
  tok = await AlbertTokenizer.fromFile(readFixtureBytes('tokenizer', 'brown-8k.model'));
  dir = mkdtempSync(join(tmpdir(), 'albert-tfrecord-'));
  docs = [...brownDocuments(12)];
  const progress: number[] = [];
  result = await writePretrainingTFRecords(docs, tok, {
    ...OPTS,
    output: shardPaths(join(dir, 'train.tfrecord'), 3),
    progressEvery: 100,
    onProgress: (p) => progress.push(p.records),
  });
  expect(progress.at(-1)).toBe(result.records);
  const perShard = result.shards.map((s) => readRecords(readFileSync(s.path)).map(decodeExample));
  shardCounts = perShard.map((s) => s.length);
  records = interleave(perShard);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('TFRecord export of pretraining instances', () => {
  it('writes round-robin shards named as TensorFlow does, and the independent reader decodes every record', () => {
    expect(readdirSync(dir).sort()).toEqual([
      'train.tfrecord-00000-of-00003',
      'train.tfrecord-00001-of-00003',
      'train.tfrecord-00002-of-00003',
    ]);
    expect(result.records).toBeGreaterThan(300);
    expect(records.length).toBe(result.records);
    expect(shardCounts.reduce((a, b) => a + b)).toBe(result.records);
    expect(Math.max(...shardCounts) - Math.min(...shardCounts)).toBeLessThanOrEqual(1);
    expect(result.shards.map((s) => s.records)).toEqual(shardCounts);
    expect(result.bytes).toBe(result.shards.reduce((a, s) => a + s.bytes, 0));
    for (const s of result.shards) expect(readFileSync(s.path).length).toBe(s.bytes);
  });

  it('the reader rejects an exported shard with one flipped byte (length, data or CRC)', () => {
    const file = readFileSync(result.shards[0].path);
    const first = readRecords(file)[0].length + 16;
    for (const at of [3, 9, 12 + 40, first - 2, first + 20]) {
      const bad = Uint8Array.from(file);
      bad[at] ^= 0x01;
      expect(() => readRecords(bad), `byte ${at}`).toThrow(/CRC mismatch|truncated/);
    }
  });

  it("has exactly run_pretraining.py's features, types and fixed lengths", () => {
    for (const r of records) {
      expect([...r.keys()].sort()).toEqual(Object.keys(PARSING_SPEC).sort());
      for (const [name, spec] of Object.entries(PARSING_SPEC)) {
        expect(r.get(name)!.kind, name).toBe(spec.kind);
        expect(r.get(name)!.values.length, name).toBe(spec.length);
      }
    }
  });

  it('pads as create_pretraining_data.py: zeros past the length, weights 1.0 then 0.0', () => {
    let someShort = false;
    for (const r of records) {
      const v = (n: string) => r.get(n)!.values;
      const n = v('input_mask').indexOf(0) === -1 ? SEQ : v('input_mask').indexOf(0);
      someShort ||= n < SEQ;
      expect(v('input_mask')).toEqual([...Array(n).fill(1), ...Array(SEQ - n).fill(0)]);
      for (const f of ['input_ids', 'segment_ids', 'token_boundary'])
        expect(
          v(f)
            .slice(n)
            .every((x) => x === 0),
        ).toBe(true);
      expect(v('input_ids')[0]).toBe(tok.clsTokenId);
      expect(v('input_ids')[n - 1]).toBe(tok.sepTokenId);
      const m = v('masked_lm_weights').indexOf(0) === -1 ? PREDS : v('masked_lm_weights').indexOf(0);
      expect(m).toBeGreaterThan(0);
      expect(v('masked_lm_weights')).toEqual([...Array(m).fill(1), ...Array(PREDS - m).fill(0)]);
      expect(
        v('masked_lm_positions')
          .slice(m)
          .every((x) => x === 0),
      ).toBe(true);
      expect(
        v('masked_lm_ids')
          .slice(m)
          .every((x) => x === 0),
      ).toBe(true);
      const pos = v('masked_lm_positions').slice(0, m);
      expect(pos.every((p, i) => p > 0 && p < n - 1 && (i === 0 || p > pos[i - 1]))).toBe(true);
      expect([0, 1]).toContain(v('next_sentence_labels')[0]);
    }
    expect(someShort).toBe(true);
  });

  it('holds the same inputs, masked positions/ids and SOP labels as pretrainingDataset for the same seed', async () => {
    const batches: PretrainingBatch[] = [];
    const ds = pretrainingDataset(docs, tok, { ...OPTS, batchSize: 8, dropLast: false });
    for await (const b of ds.batches(0)) batches.push(b);
    const rows = batches.flatMap((b) => b.inputIds.map((_, i) => ({ b, i })));
    expect(rows.length).toBe(records.length);
    let masked = 0;
    rows.forEach(({ b, i }, k) => {
      const r = records[k];
      const v = (n: string) => r.get(n)!.values;
      const m = v('masked_lm_weights').filter((w) => w === 1).length;
      const positions = b.labels[i].flatMap((l, p) => (l === -100 ? [] : [p]));
      expect(v('masked_lm_positions').slice(0, m)).toEqual(positions);
      expect(v('masked_lm_ids').slice(0, m)).toEqual(positions.map((p) => b.labels[i][p]));
      expect(v('input_ids')).toEqual(b.inputIds[i]);
      expect(v('input_mask')).toEqual(b.attentionMask[i]);
      expect(v('segment_ids')).toEqual(b.tokenTypeIds[i]);
      expect(v('next_sentence_labels')).toEqual([b.sentenceOrderLabel[i]]);
      masked += m;
    });
    expect(masked).toBeGreaterThan(records.length * 5);
  });

  it('streams documents from a file in the reference text format to the same bytes', async () => {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, docs.map((d) => d.join('\n')).join('\n\n') + '\n');
    const out = join(dir, 'streamed.tfrecord');
    const r = await writePretrainingTFRecords(readDocuments(corpus), tok, { ...OPTS, output: out });
    expect(r.records).toBe(result.records);
    const streamed = readRecords(readFileSync(out));
    const fromMemory = interleave(result.shards.map((s) => readRecords(readFileSync(s.path))));
    expect(streamed.map((x) => Buffer.from(x).toString('hex'))).toEqual(
      fromMemory.map((x) => Buffer.from(x).toString('hex')),
    );
    rmSync(corpus);
    rmSync(out);
  });

  it('removes its partial files when the input fails, and rejects bad options with typed errors', async () => {
    const sub = mkdtempSync(join(dir, 'fail-'));
    async function* broken() {
      yield docs[0];
      throw new Error('disk gone');
    }
    const output = join(sub, 'x.tfrecord');
    await expect(writePretrainingTFRecords(broken(), tok, { ...OPTS, output })).rejects.toThrow('disk gone');
    expect(readdirSync(sub)).toEqual([]);
    expect(existsSync(output)).toBe(false);
    await expect(writePretrainingTFRecords(docs, tok, { ...OPTS, output: [] })).rejects.toThrow(
      TrainingError,
    );
    await expect(writePretrainingTFRecords(docs, tok, { ...OPTS, output: [output, output] })).rejects.toThrow(
      /distinct/,
    );
    await expect(writePretrainingTFRecords(docs, tok, { ...OPTS, maxSeqLength: 2, output })).rejects.toThrow(
      /maxSeqLength/,
    );
    expect(readdirSync(sub)).toEqual([]);
  });
});
