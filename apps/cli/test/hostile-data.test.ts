import '@tensorflow/tfjs-backend-cpu';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlbertForSequenceClassification } from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import { AdamW, MemoryCheckpointStore } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { runTrainingLoop } from '../src/lib/train-loop.js';
import { assertUtf8 } from '../src/tasks/check-utf8.js';
import { UsageError } from '../src/util/errors.js';
import { Output } from '../src/util/output.js';
import { albert, lines } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'albert-hostile-'));
const spm = fixturePath('tokenizer', 'brown-8k.model');
const write = (name: string, data: string | Uint8Array) => {
  const p = join(tmp, name);
  writeFileSync(p, data);
  return p;
};
const modelDir = () => {
  const d = join(tmp, 'model-dir');
  mkdirSync(d, { recursive: true });
  copyFileSync(spm, join(d, 'spiece.model'));
  return d;
};

function usage(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  // One error line (a back-end warning may precede it).
  expect(lines(r.stderr).filter((l) => l.startsWith('albert: '))).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('albert finetune on hostile data', () => {
  it('a one-class dataset is a usage error naming the file (not tfjs oneHot)', async () => {
    const train = write(
      'one-class.jsonl',
      '{"text": "a b", "label": "spam"}\n{"text": "c d", "label": "spam"}\n',
    );
    const r = await albert(
      'finetune',
      'classification',
      '-m',
      modelDir(),
      '--train',
      train,
      '-o',
      join(tmp, 'ft1'),
    );
    usage(
      r,
      /one-class\.jsonl: the training data has only 1 distinct label \("spam"\); classification needs at least 2/,
    );
    expect(r.stderr).not.toMatch(/oneHot|depth/);
  });

  it('invalid UTF-8 in a training JSONL is a usage error naming file and line', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"text": "ok", "label": "a"}\n{"text": "caf\xc3\xa9", "label": "b"}\n', 'latin1'),
      Buffer.from('{"text": "caf', 'latin1'),
      Buffer.from([0xe9]),
      Buffer.from('", "label": "a"}\n', 'latin1'),
    ]);
    const train = write('latin1.jsonl', bytes);
    const r = await albert(
      'finetune',
      'classification',
      '-m',
      modelDir(),
      '--train',
      train,
      '-o',
      join(tmp, 'ft2'),
    );
    usage(r, /latin1\.jsonl:3: invalid UTF-8 \(byte 0xe9 at offset \d+\)/);
  });

  it('the UTF-8 check follows the grammar: overlongs, surrogates, truncation refused; BOM and 4-byte ok', () => {
    const ok = write('ok.txt', Buffer.from('\ufeffA\u00e9\u20ac\u{1f600}\n', 'utf8'));
    expect(() => assertUtf8(ok)).not.toThrow();
    for (const [name, b, line] of [
      ['overlong', [0x41, 0x0a, 0xc0, 0x80], 2],
      ['overlong3', [0xe0, 0x80, 0x80], 1],
      ['surrogate', [0x0a, 0x0a, 0xed, 0xa0, 0x80], 3],
      ['above-10ffff', [0xf4, 0x90, 0x80, 0x80], 1],
      ['truncated', [0x41, 0xe2, 0x82], 1],
      ['lone-continuation', [0x80], 1],
    ] as const) {
      const p = write(`${name}.bin`, new Uint8Array(b));
      expect(() => assertUtf8(p), name).toThrow(UsageError);
      expect(() => assertUtf8(p), name).toThrow(new RegExp(`${name}\\.bin:${line}: invalid UTF-8`));
    }
  });
});

describe('JSONL log of a resumed training loop', () => {
  it('records of the steps run again are not repeated (truncated to the resumed step)', async () => {
    await tf.setBackend('cpu');
    const logFile = join(tmp, 'logs', 'ft.jsonl');
    const store = new MemoryCheckpointStore();
    const batches = () => [
      { inputIds: [[2, 5, 6, 3]], labels: [1] },
      { inputIds: [[2, 7, 3, 0]], labels: [0] },
    ];
    const run = async (resume: boolean) => {
      const model = AlbertForSequenceClassification.fromConfig(
        {
          vocab_size: 32,
          embedding_size: 8,
          hidden_size: 16,
          num_hidden_layers: 1,
          num_attention_heads: 2,
          intermediate_size: 16,
          max_position_embeddings: 8,
          num_labels: 2,
        },
        { seed: 1 },
      );
      const optimizer = new AdamW(model.namedParameters(), { lr: 1e-3 });
      try {
        return await runTrainingLoop({
          name: 'finetune-classification',
          model,
          optimizer,
          batches,
          maxSteps: 6,
          logEvery: 1,
          seed: 1,
          out: new Output({ quiet: true }),
          logFile,
          checkpoints: store,
          saveEvery: 2,
          keepLast: 5,
          resume,
        });
      } finally {
        optimizer.dispose();
        model.dispose();
      }
    };
    await run(false);
    // As if killed after step 6 was logged but before its checkpoint landed: resume from 4.
    await store.remove('checkpoint-000006');
    const again = await run(true);
    expect(again.resumedFrom).toBe(4);
    const records = readFileSync(logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    // The log is training's jsonlLogger: one "train" line per logged step.
    expect(records.filter((r) => r.type === 'train').map((r) => r.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await store.list()).sort()).toEqual([
      'checkpoint-000002',
      'checkpoint-000004',
      'checkpoint-000006',
    ]);
  });
});
