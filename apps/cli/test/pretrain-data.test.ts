import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { readDocuments, shardPaths, writePretrainingTFRecords } from '@albert-ts/training/node';
import { afterAll, describe, expect, it } from 'vitest';
import { albert } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'albert-pretrain-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Record count of a TFRecord file, walking its framing (length, masked CRC, data, masked CRC). */
function countRecords(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let n = 0;
  for (let at = 0; at < bytes.length; n++) {
    const len = Number(view.getBigUint64(at, true));
    at += 12 + len + 4;
    if (at > bytes.length) throw new Error('truncated record');
  }
  return n;
}

describe('albert pretrain-data', () => {
  const corpus = join(dir, 'corpus.txt');
  const sentences = [
    'The jury said it did not find any evidence.',
    'It was a quiet day in the old city.',
    'The man went to the house of the city.',
    'Then he was in the new school again.',
  ];
  writeFileSync(
    corpus,
    `${sentences.join('\n')}\n\n${[...sentences].reverse().join('\n')}\n\n${sentences.join('\n')}\n`,
  );
  const model = fixturePath('tokenizer', 'brown-8k.model');

  it('writes the same sharded records as the library call, with a summary line', async () => {
    const out = join(dir, 'cli', 'train.tfrecord');
    const args = [
      '--max-seq-length',
      '32',
      '--max-predictions-per-seq',
      '5',
      '--dupe-factor',
      '3',
      '--seed',
      '7',
    ];
    const r = await albert(
      '--json',
      'pretrain-data',
      '-i',
      corpus,
      '-t',
      model,
      '-o',
      out,
      '--shards',
      '2',
      ...args,
    );
    expect(r.code, r.stderr).toBe(0);
    const done = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as {
      records: number;
      files: string[];
    };
    expect(done.files).toEqual(shardPaths(out, 2));
    const cliBytes = done.files.map((f) => new Uint8Array(readFileSync(f)));
    expect(cliBytes.reduce((s, b) => s + countRecords(b), 0)).toBe(done.records);
    expect(done.records).toBeGreaterThan(0);

    mkdirSync(join(dir, 'lib'));
    const lib = shardPaths(join(dir, 'lib', 'train.tfrecord'), 2);
    const tok = AlbertTokenizer.fromBytes(new Uint8Array(readFileSync(model)));
    const res = await writePretrainingTFRecords(readDocuments(corpus), tok, {
      output: lib,
      maxSeqLength: 32,
      maxPredictionsPerSeq: 5,
      dupeFactor: 3,
      randomSeed: 7,
    });
    expect(res.records).toBe(done.records);
    for (const [i, f] of lib.entries())
      expect(Buffer.compare(readFileSync(f), Buffer.from(cliBytes[i]))).toBe(0);
  });

  it('refuses missing inputs and a bad format in one line (exit 2)', async () => {
    const missing = await albert(
      'pretrain-data',
      '-i',
      join(dir, 'nope.txt'),
      '-t',
      model,
      '-o',
      join(dir, 'x'),
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/input file not found/);
    const fmt = await albert(
      'pretrain-data',
      '-i',
      corpus,
      '-t',
      model,
      '-o',
      join(dir, 'x'),
      '--format',
      'xml',
    );
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toMatch(/--format/);
  });
});
