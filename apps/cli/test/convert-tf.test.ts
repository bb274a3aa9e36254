import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AlbertConfig,
  albertConfigToTf,
  hfToTfTensors,
  parseSafetensors,
  readFloat32,
  setupBackend,
  type TfTensor,
} from '@albert-ts/core';
import { writeTfCheckpoint } from '@albert-ts/core/node';
import {
  AlbertForMaskedLM,
  AlbertForMultipleChoice,
  AlbertForPreTraining,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
} from '@albert-ts/heads';
import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albert, lines } from './helpers/cli.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON
type Case = Record<string, any>;
type Nested = number | Nested[];

const tmp = mkdtempSync(join(tmpdir(), 'albert-convert-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Writes the TF checkpoint google's code would hold for an HF fixture (our writer) + albert_config.json. */
async function googleCheckpoint(fixture: string): Promise<string> {
  const parts = fixture.split('/');
  const file = parseSafetensors(readFixtureBytes(...parts, 'model.safetensors'));
  const tensors = [...file.tensors].map(
    ([n, e]) => [n, { shape: [...e.shape], data: readFloat32(file, n) }] as const,
  );
  const dir = join(tmp, fixture.replace('/', '-'));
  const prefix = join(dir, 'model.ckpt-1000');
  const vars = hfToTfTensors(tensors, { globalStep: 1000 });
  // LAMB/Adam slots sit beside every weight in google's pretraining checkpoints.
  const slots = vars
    .filter(([n]) => n !== 'global_step')
    .map(([n, t]): [string, TfTensor] => [`${n}/adam_m`, t]);
  await writeTfCheckpoint(prefix, [...vars, ...slots], { numShards: 2 });
  const config = AlbertConfig.fromJSON(readFixtureJson(...parts, 'config.json'));
  writeFileSync(join(dir, 'albert_config.json'), JSON.stringify(albertConfigToTf(config), null, 2));
  return prefix;
}

function flat(x: Nested, out: number[] = []): number[] {
  if (Array.isArray(x)) for (const e of x) flat(e, out);
  else out.push(x);
  return out;
}

function maxDiff(t: tf.Tensor, ref: Nested): number {
  const a = t.dataSync();
  const b = flat(ref);
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const HEADS: Record<string, { cls: unknown; architecture: string; override?: boolean }> = {
  'albert-tiny': { cls: AlbertForPreTraining, architecture: 'AlbertForPreTraining' },
  'albert-tiny-grouped': { cls: AlbertForPreTraining, architecture: 'AlbertForPreTraining' },
  'heads/masked-lm': { cls: AlbertForMaskedLM, architecture: 'AlbertForMaskedLM' },
  'heads/sequence-classification': {
    cls: AlbertForSequenceClassification,
    architecture: 'AlbertForSequenceClassification',
  },
  'heads/sequence-regression': {
    cls: AlbertForSequenceClassification,
    architecture: 'AlbertForSequenceClassification',
  },
  'heads/question-answering': { cls: AlbertForQuestionAnswering, architecture: 'AlbertForQuestionAnswering' },
  // google's code has no such heads; their [labels, hidden] classifier is the same variables.
  'heads/token-classification': {
    cls: AlbertForTokenClassification,
    architecture: 'AlbertForTokenClassification',
    override: true,
  },
  'heads/multiple-choice': {
    cls: AlbertForMultipleChoice,
    architecture: 'AlbertForMultipleChoice',
    override: true,
  },
};

/** Fixture output key -> camelCase output and tolerance (fixtures README bars). */
const OUT: Record<string, [string, number]> = {
  prediction_logits: ['predictionLogits', 1e-5],
  sop_logits: ['sopLogits', 1e-5],
  logits: ['logits', 1e-5],
  start_logits: ['startLogits', 1e-5],
  end_logits: ['endLogits', 1e-5],
  loss: ['loss', 1e-5],
};

describe('albert convert tf', () => {
  beforeAll(async () => {
    await setupBackend({ backend: 'cpu', native: false });
  });

  for (const [fixture, { cls, architecture, override }] of Object.entries(HEADS)) {
    it(`${fixture}: the converted folder gives the fixture's head outputs`, async () => {
      const prefix = await googleCheckpoint(fixture);
      const outDir = join(tmp, `${fixture.replace('/', '-')}-hf`);
      const extra = override ? ['--architecture', architecture] : [];
      const r = await albert('--json', 'convert', 'tf', prefix, outDir, ...extra);
      expect(r.code, r.stderr).toBe(0);
      const result = JSON.parse(lines(r.stdout).at(-1)!);
      expect(result).toMatchObject({
        architecture,
        skipped: expect.arrayContaining(['global_step']),
        unused: [],
      });
      // The weights are the fixture's, bit for bit.
      const parts = fixture.split('/');
      expect(
        readFileSync(join(outDir, 'model.safetensors')).equals(
          Buffer.from(readFixtureBytes(...parts, 'model.safetensors')),
        ),
      ).toBe(true);

      const model = await (cls as typeof AlbertForPreTraining).fromPretrained(outDir, { onReport: () => {} });
      try {
        const { cases } = readFixtureJson<{ cases: Case[] }>(...parts, 'cases.json');
        for (const c of cases) {
          const before = tf.memory().numTensors;
          const out = model.call({
            inputIds: c.input_ids,
            attentionMask: c.attention_mask,
            tokenTypeIds: c.token_type_ids,
            labels: c.labels ?? null,
            sentenceOrderLabel: c.sentence_order_label ?? null,
            startPositions: c.start_positions ?? null,
            endPositions: c.end_positions ?? null,
          } as never) as unknown as Record<string, tf.Tensor>;
          let compared = 0;
          for (const [k, [camel, tol]] of Object.entries(OUT)) {
            if (c.outputs[k] === undefined) continue;
            expect(out[camel], `${c.name} ${camel}`).toBeDefined();
            expect(maxDiff(out[camel], c.outputs[k]), `${c.name} ${k}`).toBeLessThanOrEqual(tol);
            compared++;
          }
          expect(compared).toBeGreaterThan(0);
          tf.dispose(Object.values(out));
          expect(tf.memory().numTensors).toBe(before);
        }
      } finally {
        model.dispose();
      }
    });
  }

  it('--vocab copies the SentencePiece model as spiece.model; --albert-config names the config', async () => {
    const prefix = await googleCheckpoint('heads/masked-lm');
    const cfg = join(tmp, 'elsewhere-albert_config.json');
    writeFileSync(cfg, readFileSync(join(prefix, '..', 'albert_config.json')));
    rmSync(join(prefix, '..', 'albert_config.json'));
    const outDir = join(tmp, 'vocab-hf');
    const spm = fixturePath('tokenizer', 'brown-8k.model');
    const r = await albert('convert', 'tf', prefix, outDir, '--albert-config', cfg, '--vocab', spm);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('AlbertForMaskedLM, 28 tensors, 17685 parameters');
    expect(r.stdout).toContain('wrote config.json, model.safetensors, spiece.model');
    expect(readFileSync(join(outDir, 'spiece.model')).equals(readFileSync(spm))).toBe(true);
  });

  it('a corrupt checkpoint is one line naming the tensor, exit 1', async () => {
    const prefix = await googleCheckpoint('heads/sequence-classification');
    const shard = `${prefix}.data-00000-of-00002`;
    const bytes = readFileSync(shard);
    bytes[100] ^= 0x01;
    writeFileSync(shard, bytes);
    const r = await albert('convert', 'tf', prefix, join(tmp, 'corrupt-hf'));
    expect(r.code).toBe(1);
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(
      /^albert: cannot convert .*data-00000-of-00002, tensor ".+"\): CRC32C of the tensor bytes expected 0x/,
    );
  });

  it('usage errors (no checkpoint, no albert_config.json) exit 2', async () => {
    const missing = await albert('convert', 'tf', join(tmp, 'nope', 'model.ckpt'), join(tmp, 'x'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^albert: checkpoint index not found: .*model\.ckpt\.index/);
    const prefix = await googleCheckpoint('heads/masked-lm');
    rmSync(join(prefix, '..', 'albert_config.json'));
    const noConfig = await albert('convert', 'tf', prefix, join(tmp, 'y'));
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toMatch(
      /albert_config\.json beside the checkpoint \(or pass --albert-config\) not found/,
    );
    const help = await albert('convert', 'tf', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--albert-config <file>');
  });
});
