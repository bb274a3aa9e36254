/**
 * HF `FeatureExtractionPipeline`: the last hidden states of every token (`[1, seq, hidden]` per
 * text, as HF), or with `pooling` (as transformers.js) one vector per text, optionally normalized.
 */
import { type AlbertPreTrainedModel, prepareEncoderInputs } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import { bodyOf, pipelineError, take } from './common.js';
import { batchSizeOf, chunks, modelMaxLength } from './task-common.js';

/** Call options of the `feature-extraction` pipeline (HF's, plus pooling and normalisation). */
export interface FeatureExtractionPipelineOptions {
  /** 'none' (default, HF): per-token vectors; 'mean' (mask-aware), 'cls' (token 0), 'pooler' (tanh pooler). */
  pooling?: 'none' | 'mean' | 'cls' | 'pooler';
  /** Unit L2 norm per vector (pooled output only). */
  normalize?: boolean;
  batchSize?: number;
  batch_size?: number;
}

export async function runFeatureExtraction(
  model: AlbertPreTrainedModel,
  tok: AlbertTokenizer,
  inputs: string | string[],
  opts: FeatureExtractionPipelineOptions = {},
): Promise<number[][][] | number[] | Array<number[][][]> | number[][]> {
  const single = !Array.isArray(inputs);
  const texts = single ? [inputs] : inputs;
  const pooling = opts.pooling ?? 'none';
  if (!['none', 'mean', 'cls', 'pooler'].includes(pooling))
    throw pipelineError(`feature-extraction: unknown pooling ${JSON.stringify(pooling)}`, 'INVALID_OPTION');
  if (opts.normalize && pooling === 'none')
    throw pipelineError(
      "feature-extraction: normalize needs a pooling ('mean', 'cls' or 'pooler')",
      'INVALID_OPTION',
    );
  const body = bodyOf(model);
  const maxLength = modelMaxLength(model, tok);
  const tokens: number[][][][] = [];
  const pooled: number[][] = [];
  for (const part of chunks(texts, batchSizeOf(opts))) {
    const batch = tok.batch(part, { padding: 'longest', truncation: true, maxLength });
    const t = tf.tidy(() => {
      const enc = prepareEncoderInputs(model.config, batch);
      const out = body.forward(enc);
      if (pooling === 'none') return out.lastHiddenState;
      let v: tf.Tensor2D;
      if (pooling === 'pooler') {
        if (!out.poolerOutput) throw pipelineError(`feature-extraction: ${model.architecture} has no pooler`);
        v = out.poolerOutput;
      } else if (pooling === 'cls') {
        v = tf.squeeze(tf.slice(out.lastHiddenState, [0, 0, 0], [-1, 1, -1]), [1]) as tf.Tensor2D;
      } else {
        const m = tf.expandDims(tf.cast(enc.attentionMask, 'float32'), -1);
        v = tf.div(tf.sum(tf.mul(out.lastHiddenState, m), 1), tf.sum(m, 1)) as tf.Tensor2D;
      }
      return opts.normalize ? tf.div(v, tf.maximum(tf.norm(v, 2, -1, true), 1e-12)) : v;
    });
    if (pooling === 'none') {
      const h = await take<number[][][]>(t);
      h.forEach((rows, b) => {
        const n = batch.attentionMask[b]!.reduce((s, x) => s + x, 0);
        tokens.push([rows.slice(0, n)]); // HF: each text alone, [1, its length, hidden]
      });
    } else pooled.push(...(await take<number[][]>(t)));
  }
  if (pooling === 'none') return single ? tokens[0]! : tokens;
  return single ? pooled[0]! : pooled;
}
