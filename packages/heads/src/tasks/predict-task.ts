import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { answer } from '../pipelines/answer.js';
import { softmax } from '../pipelines/common.js';
import { argmax } from '../pipelines/task-common.js';
import type { AlbertForQuestionAnswering } from '../question-answering.js';
import { encodeTextExamples } from './encode-text.js';
import { padChoiceInputs } from './pad-inputs.js';
import { choiceInputs } from './qa-choice-inputs.js';
import { disposeOutput, logitsInOrder, type TaskModel } from './task-inference.js';
import type { TaskExamples, TaskKind, TaskPredictions, WordPooling } from './task-types.js';
import { alignWords, predictWordTags } from './word-alignment.js';

/**
 * Options of `predictTask`: the sequence length and the pooling the model was trained with, and the
 * batch size.
 */
export interface PredictTaskOptions {
  /** Tokens per sequence (token classification reads whole sentences, up to 512 positions). */
  maxLength: number;
  /** Classification: pieces kept from the end of long texts, as trained (0 = none; regression never). */
  tail?: number;
  /** Token classification: how a word's tag is read from its pieces, as trained. */
  wordPooling?: WordPooling;
  /** Sequences per forward pass (default 32). */
  batchSize?: number;
  /** Called with the number of examples done after every batch. */
  onProgress?: (done: number) => void;
}

/**
 * The model's prediction for every example of a task, in input order: the inference half of
 * fine-tuning and evaluation (encoded as for training, batched by length, tensors disposed).
 */
export async function predictTask<K extends TaskKind>(
  kind: K,
  model: TaskModel,
  tok: AlbertTokenizer,
  examples: readonly TaskExamples[K][],
  o: PredictTaskOptions,
): Promise<TaskPredictions[K][]> {
  const batchSize = o.batchSize ?? 32;
  const pad = tok.padTokenId;
  const out = await (async (): Promise<unknown[]> => {
    switch (kind) {
      case 'classification':
      case 'regression': {
        const xs = examples as readonly TaskExamples['classification'][];
        const tail = kind === 'classification' ? (o.tail ?? 0) : 0;
        const items = encodeTextExamples(tok, xs, o.maxLength, tail);
        const logits = await logitsInOrder<number[]>(model, items, pad, batchSize, o.onProgress);
        if (kind === 'regression') return logits.map((l) => l[0]!);
        return logits.map((l) => ({ label: argmax(l), scores: softmax(l) }));
      }
      case 'token-classification': {
        // Scoring sees whole sentences (up to 512 positions), so no word is dropped.
        const cache = new Map<string, number[]>();
        const xs = examples as readonly TaskExamples['token-classification'][];
        const items = xs.map((s) => alignWords(tok, s.words, null, 512, cache));
        return predictWordTags(model, items, pad, { ...o, batchSize });
      }
      case 'qa': {
        const preds: TaskPredictions['qa'][] = [];
        for (const x of examples as readonly TaskExamples['qa'][]) {
          const [best] = await answer(model as unknown as AlbertForQuestionAnswering, tok, x, {
            maxSeqLength: o.maxLength,
          });
          preds.push({ text: best?.answer ?? '', score: best?.score ?? 0 });
          o.onProgress?.(preds.length);
        }
        return preds;
      }
      case 'multiple-choice': {
        const feats = choiceInputs(tok, examples as readonly TaskExamples['multiple-choice'][], o.maxLength);
        const preds: number[] = [];
        for (let i = 0; i < feats.length; i += batchSize) {
          const res = model.call(padChoiceInputs(feats.slice(i, i + batchSize), pad));
          try {
            for (const r of (await res.logits.array()) as number[][]) preds.push(argmax(r));
          } finally {
            disposeOutput(res);
          }
          o.onProgress?.(preds.length);
        }
        return preds;
      }
    }
    return [];
  })();
  return out as TaskPredictions[K][];
}
