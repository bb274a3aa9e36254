import {
  encodeTaskInputs,
  type PredictTaskOptions,
  predictTask,
  type TaskExamples,
  type TaskKind,
  type TaskModel,
  type TaskPredictions,
  type WordPooling,
} from '@albert-ts/heads';
import { TrainingError } from '../errors.js';
import { type TaskBatch, taskBatches } from './task-batches.js';

type Tokenizer = Parameters<typeof encodeTaskInputs>[1];

/**
 * Options of `FinetuneJob`: the task kind, tokenizer, label names, sequence length, word pooling,
 * batch sizes and seed.
 */
export interface FinetuneJobOptions<K extends TaskKind> {
  kind: K;
  tokenizer: Tokenizer;
  /** Label names in id order (classification, token classification). */
  labelNames?: readonly string[];
  /** Tokens per sequence. */
  maxLength: number;
  /** Classification: pieces kept from the end of long single texts (0 = the head only). */
  tail?: number;
  /** Token classification: train every piece of a word on its tag (HF `label_all_tokens`). */
  labelAllPieces?: boolean;
  /** Token classification: read a word's tag from its first piece or the mean over its pieces. */
  wordPooling?: WordPooling;
  /** Examples per training batch. */
  batchSize: number;
  /** Examples per evaluation forward pass (default 32). */
  evalBatchSize?: number;
  /** Seeds the order of the training batches. */
  seed: number | string;
}

/**
 * One fine-tuning run's task settings, fixed once: the head's config fields, the training
 * batches, and the predictions every evaluation (periodic and final) is scored on — all from the
 * same encoding (`maxLength`, `tail`, `wordPooling`), so a run is scored on what it trained on.
 */
export class FinetuneJob<K extends TaskKind> {
  readonly kind: K;
  readonly labelNames: readonly string[];
  private readonly o: FinetuneJobOptions<K>;

  constructor(o: FinetuneJobOptions<K>) {
    this.o = o;
    this.kind = o.kind;
    this.labelNames = o.labelNames ?? [];
    const needs = o.kind === 'classification' || o.kind === 'token-classification';
    if (needs && this.labelNames.length < 2) {
      throw new TrainingError(
        'INVALID_OPTION',
        `FinetuneJob(${o.kind}): needs at least 2 labels, found ${JSON.stringify(this.labelNames)}`,
      );
    }
  }

  /**
   * A peak AdamW learning rate for fine-tuning a model of this width: HF's 5e-5 for a 768-wide
   * ALBERT, scaled as 1 / width for narrower or wider ones (Adam's update size per weight does not
   * shrink with width, so narrow models need larger rates): 1.2e-3 for a 32-wide model. Measured:
   * apps/cli/README.md, "Fine-tuning defaults".
   */
  static defaultLr(hiddenSize: number): number {
    return (5e-5 * 768) / hiddenSize;
  }

  /** Label names from the examples themselves (sorted), for data that does not name them. */
  static labelNamesOf<K extends TaskKind>(kind: K, examples: readonly TaskExamples[K][]): string[] {
    if (kind === 'classification')
      return [
        ...new Set((examples as readonly TaskExamples['classification'][]).map((x) => String(x.label))),
      ].sort();
    if (kind === 'token-classification')
      return [
        ...new Set((examples as readonly TaskExamples['token-classification'][]).flatMap((x) => x.tags)),
      ].sort();
    return [];
  }

  /** The HF config fields of the task's head: labels, `problem_type`. */
  configPatch(): Record<string, unknown> {
    const names = this.labelNames;
    if (this.kind === 'regression') {
      return {
        num_labels: 1,
        problem_type: 'regression',
        id2label: { '0': 'LABEL_0' },
        label2id: { LABEL_0: 0 },
      };
    }
    if (this.kind !== 'classification' && this.kind !== 'token-classification') return {};
    return {
      num_labels: names.length,
      id2label: Object.fromEntries(names.map((l, i) => [String(i), l])),
      label2id: Object.fromEntries(names.map((l, i) => [l, i])),
      ...(this.kind === 'classification' ? { problem_type: 'single_label_classification' } : {}),
    };
  }

  /** Optimizer updates for `epochs` passes over `n` examples, unless `steps` is given. */
  totalSteps(n: number, epochs: number, steps?: number): number {
    return steps ?? Math.max(1, epochs * Math.ceil(n / this.o.batchSize));
  }

  /** `(epoch) → batches` of the training examples, encoded once. */
  trainBatches(examples: readonly TaskExamples[K][]): (epoch: number) => Iterable<TaskBatch> {
    const o = this.o;
    const inputs = encodeTaskInputs(o.kind, o.tokenizer, examples, {
      maxLength: o.maxLength,
      tail: o.tail ?? 0,
      labelNames: this.labelNames,
      labelAllPieces: o.labelAllPieces ?? false,
    });
    return taskBatches(o.kind, inputs, {
      batchSize: o.batchSize,
      padTokenId: o.tokenizer.padTokenId,
      seed: o.seed,
    });
  }

  /** The model's predictions for `examples`, encoded as in training. */
  predict(
    model: TaskModel,
    examples: readonly TaskExamples[K][],
    onProgress?: PredictTaskOptions['onProgress'],
  ): Promise<TaskPredictions[K][]> {
    const o = this.o;
    return predictTask(o.kind, model, o.tokenizer, examples, {
      maxLength: o.maxLength,
      tail: o.tail ?? 0,
      wordPooling: o.wordPooling ?? 'first',
      batchSize: o.evalBatchSize ?? 32,
      ...(onProgress ? { onProgress } : {}),
    });
  }
}
