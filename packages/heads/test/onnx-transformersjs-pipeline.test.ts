/**
 * Issue #15 (ONNX) acceptance: transformers.js loads our export with our tokenizer.json
 * (`AlbertTokenizer.savePretrained`) from local files only, and its fill-mask and
 * text-classification pipelines give our `pipeline()`'s tokens, labels and scores (<= 1e-4).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupBackend } from '@albert-ts/core';
import { fixturePath } from '@albert-ts/test-support';
import * as hf from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlbertForMaskedLM, AlbertForSequenceClassification, pipeline } from '../src/index.js';
import { writeOnnxFolder } from './onnx/hf-dir.js';
import { wordTokenizer } from './word-tokenizer.js';

// biome-ignore lint/suspicious/noExplicitAny: pipeline outputs of two libraries
type Any = any;
const ATOL = 1e-4;
// The fixture models' vocabulary as words `w<n>` (see word-tokenizer.ts); no sub-words.
const tok = wordTokenizer(new Set());
const worst = { fillMask: 0, textClassification: 0 };

let root: string;
beforeAll(async () => {
  await setupBackend({ backend: 'wasm', native: false });
  root = await mkdtemp(join(tmpdir(), 'albert-onnx-pipe-'));
  hf.env.allowRemoteModels = false;
  hf.env.allowLocalModels = true;
  hf.env.useFSCache = false;
  hf.env.localModelPath = root;
});
afterAll(async () => {
  console.log(`transformers.js vs our pipeline, max |score diff|: ${JSON.stringify(worst)}`);
  await rm(root, { recursive: true, force: true });
});

/** Writes the ONNX folder plus our tokenizer files (tokenizer.json, tokenizer_config.json, ...). */
async function folder(name: string, model: Any): Promise<void> {
  const dir = await writeOnnxFolder(root, name, model);
  await tok.savePretrained(dir);
}

const close = (a: number, b: number, what: string, key: keyof typeof worst) => {
  expect(Math.abs(a - b), what).toBeLessThanOrEqual(ATOL);
  worst[key] = Math.max(worst[key], Math.abs(a - b));
};

describe('transformers.js pipelines on our ONNX export and tokenizer.json', () => {
  it('fill-mask (heads/masked-lm): same tokens, token_str and scores as our pipeline', async () => {
    const model = await AlbertForMaskedLM.fromPretrained(fixturePath('heads', 'masked-lm'), {
      onReport: () => {},
    });
    await folder('masked-lm', model);
    const ours = await pipeline('fill-mask', { model, tokenizer: tok });
    const theirs: Any = await hf.pipeline('fill-mask', 'masked-lm', {
      dtype: 'fp32',
      local_files_only: true,
    });
    for (const text of ['w10 [MASK] w11 w20', 'w7 w8 w9 [MASK]', '[MASK] w300 w411 w12 w5']) {
      const a = (await ours(text, { topK: 5 })) as Any[];
      const b = (await theirs(text, { top_k: 5 })) as Any[];
      expect(a).toHaveLength(5);
      expect(b.map((x) => [x.token, x.token_str])).toEqual(a.map((x) => [x.token, x.token_str]));
      a.forEach((x, i) => {
        close(b[i].score, x.score, `${text} #${i}`, 'fillMask');
      });
    }
    await theirs.dispose();
    model.dispose();
  });

  it('text-classification (heads/sequence-classification): same labels and scores; a pair via its tokenizer and model', async () => {
    const model = await AlbertForSequenceClassification.fromPretrained(
      fixturePath('heads', 'sequence-classification'),
      { onReport: () => {} },
    );
    await folder('sequence-classification', model);
    const ours = await pipeline('text-classification', { model, tokenizer: tok });
    const theirs: Any = await hf.pipeline('text-classification', 'sequence-classification', {
      dtype: 'fp32',
      local_files_only: true,
    });
    for (const text of ['w10 w11 w12', 'w400 w5 w6 w7 w8 w9', 'w33']) {
      const a = (await ours(text, { topK: null })) as Any[];
      const b = (await theirs(text, { top_k: null })) as Any[];
      expect(a).toHaveLength(3);
      expect(b.map((x) => x.label)).toEqual(a.map((x) => x.label));
      a.forEach((x, i) => {
        close(b[i].score, x.score, text, 'textClassification');
      });
    }
    // transformers.js' pipeline takes no text pairs; its tokenizer and model do (token types 1).
    const pair = theirs.tokenizer('w20 w21', { text_pair: 'w30 w31 w32' });
    expect(pair.token_type_ids.tolist()).toEqual([[0, 0, 0, 0, 1, 1, 1, 1].map(BigInt)]);
    const logits = (await theirs.model(pair)).logits.data as Float32Array;
    const raw = (await ours(
      { text: 'w20 w21', text_pair: 'w30 w31 w32' },
      { topK: null, function_to_apply: 'none' },
    )) as Any[];
    for (const { label, score } of raw) {
      close(logits[Number(label.replace('LABEL_', ''))], score, `pair ${label}`, 'textClassification');
    }
    await theirs.dispose();
    model.dispose();
  });
});
