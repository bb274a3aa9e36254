import { checkNumber } from '../errors.js';
import { Rng } from '../rng.js';
import { collatePretraining } from './dataset.js';
import { createPretrainingExamples } from './examples.js';
import type { PretrainingTokenizer } from './tokenizer.js';
import type {
  DocumentSource,
  PretrainingBatch,
  PretrainingDataOptions,
  PretrainingExample,
} from './types.js';

/** The fields of an example the model reads (the masking bookkeeping is dropped to save memory). */
export type PooledExample = Pick<
  PretrainingExample,
  'inputIds' | 'attentionMask' | 'tokenTypeIds' | 'labels' | 'sentenceOrderLabel' | 'length'
>;

/**
 * Stacks examples into a batch cut to the longest of them: the padding every row shares is inert
 * under the attention mask, and dropping it makes a batch of short pairs much cheaper.
 */
export function collateTrimmed(examples: readonly PooledExample[]): PretrainingBatch {
  const len = Math.max(...examples.map((e) => e.length));
  const b = collatePretraining(examples as readonly PretrainingExample[]);
  const cut = (rows: number[][]) => rows.map((r) => r.slice(0, len));
  return {
    ...b,
    inputIds: cut(b.inputIds),
    attentionMask: cut(b.attentionMask),
    tokenTypeIds: cut(b.tokenTypeIds),
    labels: cut(b.labels),
  };
}

/**
 * Pretraining examples pulled from the example stream only as they are needed, and kept. For runs
 * whose length is not known in advance (a time budget): Google's recipe with 40 dupe rounds builds
 * far more examples than such a run uses, so epoch 0 consumes the stream as training goes, and a
 * later epoch reshuffles what was built. Also a fixed held-out set (`fill(n)`, then `fixedBatches`).
 */
export class PretrainingExamplePool {
  readonly examples: PooledExample[] = [];
  private readonly it: AsyncIterator<PretrainingExample>;
  private done = false;

  constructor(documents: DocumentSource, tokenizer: PretrainingTokenizer, opts: PretrainingDataOptions = {}) {
    this.it = createPretrainingExamples(documents, tokenizer, opts)[Symbol.asyncIterator]();
  }

  /** Pulls examples until there are `n` (or the stream ends); returns how many there are. */
  async fill(n: number, onCount?: (count: number) => void): Promise<number> {
    while (!this.done && this.examples.length < n) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      const { inputIds, attentionMask, tokenTypeIds, labels, sentenceOrderLabel, length } = r.value;
      this.examples.push({ inputIds, attentionMask, tokenTypeIds, labels, sentenceOrderLabel, length });
      if (this.examples.length % 1000 === 0) onCount?.(this.examples.length);
    }
    return this.examples.length;
  }

  /**
   * Training batches of `batchSize` (full batches only, trimmed): epoch 0 in stream order, pulling
   * as it goes; epoch e > 0 (which follows an epoch 0 that used the stream up) all the examples,
   * shuffled by `Rng(`${shuffleSeed}:${e}`)`. The same every time for the same epoch, even in a
   * fresh pool, as the Trainer's resume needs.
   */
  async *batches(
    epoch: number,
    opts: { batchSize: number; shuffleSeed: number | string },
  ): AsyncGenerator<PretrainingBatch> {
    const size = checkNumber('batchSize', opts.batchSize, { min: 1, integer: true });
    if (epoch === 0) {
      for (let i = 0; ; i += size) {
        if ((await this.fill(i + size)) < i + size) return;
        yield collateTrimmed(this.examples.slice(i, i + size));
      }
    }
    await this.fill(Number.POSITIVE_INFINITY);
    const order = new Rng(`${opts.shuffleSeed}:${epoch}`).shuffle(
      Array.from({ length: this.examples.length }, (_, i) => i),
    );
    for (let i = 0; i + size <= order.length; i += size) {
      yield collateTrimmed(order.slice(i, i + size).map((k) => this.examples[k]!));
    }
  }

  /** The examples pulled so far in batches of `batchSize` (the last may be smaller), trimmed. */
  fixedBatches(batchSize: number): PretrainingBatch[] {
    const size = checkNumber('batchSize', batchSize, { min: 1, integer: true });
    const out: PretrainingBatch[] = [];
    for (let i = 0; i < this.examples.length; i += size)
      out.push(collateTrimmed(this.examples.slice(i, i + size)));
    return out;
  }
}
