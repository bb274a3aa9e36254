import { DatasetError } from './errors.js';

/** What to do with a malformed row: throw (default) or skip it and count it in `stats`. */
export type BadRowPolicy = 'throw' | 'skip';

/** What a reader does with a malformed row; every reader takes these options. */
export interface BadRowOptions {
  /** `'throw'` (default): the first malformed row throws a DatasetError. `'skip'`: skip it and count it. */
  onBadRow?: BadRowPolicy;
  /** How many skipped-row errors to keep in `stats.errors` (default 100); all are counted. */
  keepErrors?: number;
}

/** What a `RecordStream` has read so far (`stream.stats`). */
export interface ReadStats {
  /** Records handed out so far. */
  records: number;
  /** Malformed rows skipped so far (only with `onBadRow: 'skip'`). */
  skipped: number;
  /** The first `keepErrors` skipped-row errors, with file and line. */
  errors: DatasetError[];
}

/** Called by a reader for each malformed row: throws or records it, per the policy. */
export type RejectRow = (error: DatasetError) => void;

/**
 * A single-use async iterable of records that counts what it read and skipped.
 * `for await (const r of stream)` … then `stream.stats`. Readers produce records in batches
 * (one per input chunk) and this hands them out one by one without a generator per record,
 * which is most of the cost of streaming millions of small records; `batches()` gives the
 * batches themselves for the hottest loops.
 */
export class RecordStream<T> implements AsyncIterable<T> {
  readonly stats: ReadStats = { records: 0, skipped: 0, errors: [] };
  #started = false;
  readonly #produce: (reject: RejectRow) => AsyncIterable<T[]>;
  readonly #policy: BadRowPolicy;
  readonly #keep: number;

  /** `produce` yields batches of records; it calls `reject` for each malformed row. */
  constructor(produce: (reject: RejectRow) => AsyncIterable<T[]>, options: BadRowOptions = {}) {
    const policy = options.onBadRow ?? 'throw';
    if (policy !== 'throw' && policy !== 'skip') {
      throw new DatasetError('INVALID_OPTION', `onBadRow must be 'throw' or 'skip', found ${String(policy)}`);
    }
    this.#produce = produce;
    this.#policy = policy;
    this.#keep = options.keepErrors ?? 100;
  }

  /**
   * Iterates the records once (`for await`); a second iteration throws `DatasetError`
   * (`ALREADY_CONSUMED`).
   */
  [Symbol.asyncIterator](): AsyncIterator<T> {
    const source = this.#batches(false);
    const stats = this.stats;
    let batch: T[] = [];
    let at = 0;
    const pull = async (): Promise<IteratorResult<T>> => {
      while (at >= batch.length) {
        const next = await source.next();
        if (next.done) return { done: true, value: undefined };
        batch = next.value;
        at = 0;
      }
      stats.records++;
      return { done: false, value: batch[at++] };
    };
    return {
      next: () => {
        if (at >= batch.length) return pull();
        stats.records++;
        return Promise.resolve({ done: false, value: batch[at++] });
      },
      return: async () => {
        await source.return?.(undefined);
        return { done: true, value: undefined };
      },
    };
  }

  /** The records in the batches the reader made them in (one per input chunk). */
  batches(): AsyncGenerator<T[]> {
    return this.#batches(true);
  }

  async *#batches(count: boolean): AsyncGenerator<T[]> {
    if (this.#started) {
      throw new DatasetError(
        'ALREADY_CONSUMED',
        'this record stream was already iterated; open the source again',
      );
    }
    this.#started = true;
    const reject: RejectRow = (error) => {
      if (this.#policy === 'throw') throw error;
      this.stats.skipped++;
      if (this.stats.errors.length < this.#keep) this.stats.errors.push(error);
    };
    for await (const batch of this.#produce(reject)) {
      if (batch.length === 0) continue;
      if (count) this.stats.records += batch.length;
      yield batch;
    }
  }

  /** Reads everything into an array (only for data that fits in memory). */
  async toArray(): Promise<T[]> {
    const out: T[] = [];
    for await (const batch of this.batches()) for (const record of batch) out.push(record);
    return out;
  }
}

/**
 * Runs `row` over a batch of lines, collecting records. A thrown error (a malformed row under
 * the 'throw' policy) is returned with the records made before it, so none of them is lost.
 */
export function collectBatch<T>(
  count: number,
  row: (i: number, out: T[]) => void,
): { out: T[]; error: unknown } {
  const out: T[] = [];
  try {
    for (let i = 0; i < count; i++) row(i, out);
  } catch (error) {
    return { out, error };
  }
  return { out, error: undefined };
}
