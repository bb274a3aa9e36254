import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { FinetuneJob } from '@albert-ts/training';
import type { DataFlags } from '../commands/task-options.js';
import type { TaskKind } from './examples.js';

/**
 * The task settings of the data flags, as one `FinetuneJob`: `finetune` trains and scores with
 * it, and `evaluate` builds the same from the same flags, so both encode a text alike.
 */
export async function jobOf<K extends TaskKind>(
  kind: K,
  tokenizer: AlbertTokenizer,
  labelNames: readonly string[],
  o: DataFlags & { labelAllPieces?: boolean },
  evalBatchSize = 32,
): Promise<FinetuneJob<K>> {
  const { FinetuneJob } = await import('@albert-ts/training');
  return new FinetuneJob({
    kind,
    tokenizer,
    labelNames,
    maxLength: o.maxSeqLength,
    tail: o.tail,
    labelAllPieces: o.labelAllPieces ?? false,
    wordPooling: o.wordPooling,
    batchSize: o.batchSize,
    evalBatchSize,
    seed: o.seed,
  });
}
