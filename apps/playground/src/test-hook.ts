import type { BackendInfo } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { startBackend } from './backend.js';
import { absoluteUrl, loadTokenizer } from './loaders.js';

export interface TokenizedSample {
  tokens: string[];
  /** `tokenize` ids, no special tokens (HF `tokenizer.convert_tokens_to_ids(tokenizer.tokenize(text))`). */
  ids: number[];
  /** `[CLS] ids [SEP]` (HF `tokenizer.encode(text)`). */
  encoded: number[];
}

export interface PretrainingCase {
  inputIds: number[][];
  attentionMask: number[][] | null;
  tokenTypeIds: number[][] | null;
}

export interface PretrainingOutputs {
  backend: string;
  lastHiddenState: number[][][];
  poolerOutput: number[][];
  predictionLogits: number[][][];
  sopLogits: number[][];
}

/**
 * `window.albertPlayground`: the library calls the page makes, exposed so that automated browser
 * tests (and curious users in the console) can check results against reference data.
 */
export interface PlaygroundHook {
  backend(): Promise<BackendInfo>;
  tokenize(modelUrl: string, texts: string[]): Promise<TokenizedSample[]>;
  /** `AlbertForPreTraining.fromPretrained(baseUrl)` run on each case; tensor counts around load + calls + dispose. */
  pretraining(
    baseUrl: string,
    cases: PretrainingCase[],
  ): Promise<{ numTensorsBefore: number; numTensorsAfter: number; outputs: PretrainingOutputs[] }>;
}

export function installTestHook(): PlaygroundHook {
  const hook: PlaygroundHook = {
    backend: startBackend,
    async tokenize(modelUrl, texts) {
      const tok = await loadTokenizer(modelUrl);
      return texts.map((text) => {
        const tokens = tok.tokenize(text);
        return { tokens, ids: tok.convertTokensToIds(tokens), encoded: tok.encode(text).inputIds };
      });
    },
    async pretraining(baseUrl, cases) {
      const info = await startBackend();
      const numTensorsBefore = tf.memory().numTensors;
      const model = await AlbertForPreTraining.fromPretrained(absoluteUrl(baseUrl));
      const outputs: PretrainingOutputs[] = [];
      try {
        for (const c of cases) {
          const out = model.call(c, { returnEncoderOutputs: true });
          try {
            outputs.push({
              backend: info.backend,
              lastHiddenState: (await out.lastHiddenState!.array()) as number[][][],
              poolerOutput: (await out.poolerOutput!.array()) as number[][],
              predictionLogits: (await out.predictionLogits.array()) as number[][][],
              sopLogits: (await out.sopLogits.array()) as number[][],
            });
          } finally {
            tf.dispose(out);
          }
        }
      } finally {
        model.dispose();
      }
      return { numTensorsBefore, numTensorsAfter: tf.memory().numTensors, outputs };
    },
  };
  (globalThis as unknown as { albertPlayground: PlaygroundHook }).albertPlayground = hook;
  return hook;
}
