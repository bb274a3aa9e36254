import type { BackendInfo } from '@albert-ts/core';
import { AlbertForPreTraining, type PipelineTask, pipeline } from '@albert-ts/heads';
import { AlbertTokenizer, type AlbertTokenizerOptions } from '@albert-ts/tokenizer';
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

/** What the `pipeline` hook returns: the call's plain-JSON output and tensor counts around it. */
export interface PipelineRun {
  backend: string;
  /** The pipeline's result, as JSON (what `JSON.stringify` keeps). */
  output: unknown;
  /** Before `pipeline()` loaded the model, and after `dispose()`. */
  numTensorsBefore: number;
  numTensorsAfter: number;
  /** With the model loaded: before the call and after it (the call itself leaves nothing). */
  numTensorsLoaded: number;
  numTensorsAfterCall: number;
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
  /**
   * heads' `pipeline(task, modelUrl, {...options, tokenizer})` called once on `inputs` (with
   * `callOptions`), then disposed. `tokenizerUrl`: a folder URL (read by the pipeline, as
   * `AlbertTokenizer.fromPretrained`), or a `.model` file URL (read here), or null for the model's
   * own folder. `options` may hold `tokenizerOptions`.
   */
  pipeline(
    task: PipelineTask,
    modelUrl: string,
    tokenizerUrl: string | null,
    inputs: unknown,
    options?: Record<string, unknown>,
    callOptions?: Record<string, unknown>,
  ): Promise<PipelineRun>;
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
    async pipeline(task, modelUrl, tokenizerUrl, inputs, options = {}, callOptions = {}) {
      const info = await startBackend();
      const numTensorsBefore = tf.memory().numTensors;
      const tokenizerOptions = options.tokenizerOptions as AlbertTokenizerOptions | undefined;
      let tokenizer: string | AlbertTokenizer | undefined;
      if (tokenizerUrl !== null) {
        const url = absoluteUrl(tokenizerUrl);
        tokenizer = new URL(url).pathname.endsWith('.model')
          ? await AlbertTokenizer.fromFile(url, tokenizerOptions)
          : url;
      }
      const p = await pipeline(task, absoluteUrl(modelUrl), {
        ...options,
        ...(tokenizer === undefined ? {} : { tokenizer }),
        modelOptions: { onReport: () => {} },
      } as never);
      let output: unknown;
      let numTensorsLoaded: number;
      let numTensorsAfterCall: number;
      try {
        numTensorsLoaded = tf.memory().numTensors;
        output = JSON.parse(JSON.stringify(await p(inputs as never, callOptions as never)));
        numTensorsAfterCall = tf.memory().numTensors;
      } finally {
        p.dispose();
      }
      return {
        backend: info.backend,
        output,
        numTensorsBefore,
        numTensorsAfter: tf.memory().numTensors,
        numTensorsLoaded,
        numTensorsAfterCall,
      };
    },
  };
  (globalThis as unknown as { albertPlayground: PlaygroundHook }).albertPlayground = hook;
  return hook;
}
