/**
 * Issue #15 (ONNX): transformers.js (`@huggingface/transformers`, local files only, fp32) loads
 * the export and its model outputs equal our forward's within 1e-4. The pipelines, which also
 * need our tokenizer.json, are in onnx-transformersjs-pipeline.test.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlbertModel, setupBackend } from '@albert-ts/core';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import * as hf from '@huggingface/transformers';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlbertForMaskedLM,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
} from '../src/index.js';
import { writeOnnxFolder } from './onnx/hf-dir.js';
import { feedsOf, flat, maxAbs, shapeOf } from './onnx/ort.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture JSON and per-class outputs
type Any = any;
const ATOL = 1e-4;

let root: string;
beforeAll(async () => {
  await setupBackend({ backend: 'wasm', native: false });
  root = await mkdtemp(join(tmpdir(), 'albert-onnx-tjs-'));
  hf.env.allowRemoteModels = false;
  hf.env.allowLocalModels = true;
  hf.env.useFSCache = false;
  hf.env.localModelPath = root;
});
afterAll(async () => rm(root, { recursive: true, force: true }));

const CASES = [
  {
    fx: 'heads/masked-lm',
    Model: AlbertForMaskedLM,
    Auto: 'AutoModelForMaskedLM',
    outs: { logits: 'logits' },
  },
  {
    fx: 'heads/sequence-classification',
    Model: AlbertForSequenceClassification,
    Auto: 'AutoModelForSequenceClassification',
    outs: { logits: 'logits' },
  },
  {
    fx: 'heads/question-answering',
    Model: AlbertForQuestionAnswering,
    Auto: 'AutoModelForQuestionAnswering',
    outs: { start_logits: 'startLogits', end_logits: 'endLogits' },
  },
  {
    fx: 'albert-tiny',
    Model: AlbertModel,
    Auto: 'AutoModel',
    outs: { last_hidden_state: 'lastHiddenState' },
  },
] as const;

const int64 = (x: Any) => new hf.Tensor('int64', BigInt64Array.from(flat(x), BigInt), shapeOf(x));

describe('transformers.js loads the ONNX export (local files, fp32)', () => {
  for (const c of CASES) {
    it(`${c.fx} via ${c.Auto}: outputs within 1e-4 of ours`, async () => {
      const model: Any = await (c.Model as Any).fromPretrained(fixturePath(...c.fx.split('/')), {
        onReport: () => {},
      });
      const name = c.fx.replace('/', '-');
      await writeOnnxFolder(root, name, model);
      const loaded: Any = await (hf as Any)[c.Auto].from_pretrained(name, {
        dtype: 'fp32',
        local_files_only: true,
      });
      for (const k of readFixtureJson<Any>(...c.fx.split('/'), 'cases.json').cases) {
        const f = feedsOf(k);
        const res = await loaded({
          input_ids: int64(f.input_ids),
          attention_mask: int64(f.attention_mask),
          token_type_ids: int64(f.token_type_ids),
        });
        const ours = model.call({
          inputIds: f.input_ids,
          attentionMask: f.attention_mask,
          tokenTypeIds: f.token_type_ids,
        });
        for (const [hfName, ourName] of Object.entries(c.outs)) {
          const t = ours[ourName] as tf.Tensor;
          expect(res[hfName].dims, `${k.name} ${hfName}`).toEqual(t.shape);
          expect(maxAbs(res[hfName].data, t.dataSync()), `${k.name} ${hfName}`).toBeLessThanOrEqual(ATOL);
        }
        tf.dispose(ours);
      }
      await loaded.dispose();
      model.dispose();
    });
  }
});
