import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { PretrainingDocument, PretrainingExample } from '@albert-ts/training';

/** The fields of a pretraining example the model needs (the rest is dropped to save memory). */
export interface PretrainRow {
  inputIds: number[];
  attentionMask: number[];
  tokenTypeIds: number[];
  labels: number[];
  sentenceOrderLabel: number;
  length: number;
}

export interface PretrainBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels: number[][];
  sentenceOrderLabel: number[];
}

/**
 * Pretraining rows pulled on demand from the training package's example stream (Google's recipe),
 * so the demo can time a first batch before deciding how many it needs.
 */
export class PretrainRows {
  readonly rows: PretrainRow[] = [];
  private readonly it: AsyncIterator<PretrainingExample>;
  private done = false;

  private constructor(it: AsyncIterator<PretrainingExample>) {
    this.it = it;
  }

  static async open(
    docs: Iterable<PretrainingDocument> | AsyncIterable<PretrainingDocument>,
    tokenizer: AlbertTokenizer,
    opts: { maxSeqLength: number; dupeFactor: number; seed: number },
  ): Promise<PretrainRows> {
    const { createPretrainingExamples } = await import('@albert-ts/training');
    const gen = createPretrainingExamples(docs, tokenizer, {
      maxSeqLength: opts.maxSeqLength,
      dupeFactor: opts.dupeFactor,
      randomSeed: opts.seed,
    });
    return new PretrainRows(gen[Symbol.asyncIterator]());
  }

  /** Pulls rows until there are `n` (or the stream ends); returns how many there are. */
  async fill(n: number, onCount?: (n: number) => void): Promise<number> {
    while (!this.done && this.rows.length < n) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        break;
      }
      this.rows.push(compact(r.value));
      if (this.rows.length % 1000 === 0) onCount?.(this.rows.length);
    }
    return this.rows.length;
  }
}

export function compact(ex: PretrainingExample): PretrainRow {
  return {
    inputIds: ex.inputIds,
    attentionMask: ex.attentionMask,
    tokenTypeIds: ex.tokenTypeIds,
    labels: ex.labels,
    sentenceOrderLabel: ex.sentenceOrderLabel,
    length: ex.length,
  };
}

/** Stacks rows, cutting the padding every row of the batch shares. */
export function stackPretrain(rows: readonly PretrainRow[]): PretrainBatch {
  const len = Math.max(...rows.map((r) => r.length));
  return {
    inputIds: rows.map((r) => r.inputIds.slice(0, len)),
    attentionMask: rows.map((r) => r.attentionMask.slice(0, len)),
    tokenTypeIds: rows.map((r) => r.tokenTypeIds.slice(0, len)),
    labels: rows.map((r) => r.labels.slice(0, len)),
    sentenceOrderLabel: rows.map((r) => r.sentenceOrderLabel),
  };
}
