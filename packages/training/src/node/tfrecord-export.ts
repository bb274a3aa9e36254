import { invalidOption } from '../errors.js';
import { createPretrainingExamples, resolvePretrainingDataOptions } from '../pretraining/examples.js';
import { pretrainingRecord } from '../pretraining/tfrecord/pretraining-record.js';
import type { PretrainingTokenizer } from '../pretraining/tokenizer.js';
import type { DocumentSource, PretrainingDataOptions } from '../pretraining/types.js';
import { type ShardStats, TFRecordShardWriter } from './tfrecord-writer.js';

/** Progress of `writePretrainingTFRecords`: records and bytes written so far, seconds elapsed. */
export interface TFRecordExportProgress {
  records: number;
  bytes: number;
  seconds: number;
}

export interface WritePretrainingTFRecordsOptions extends PretrainingDataOptions {
  /** Output file, or shard files (records go round-robin; see `shardPaths`). */
  output: string | readonly string[];
  /** Called every `progressEvery` records and once at the end. */
  onProgress?: (p: TFRecordExportProgress) => void;
  /** Default 10,000. */
  progressEvery?: number;
}

/** What `writePretrainingTFRecords` wrote: records, bytes, seconds, and each shard's counts. */
export interface TFRecordExportResult {
  records: number;
  bytes: number;
  seconds: number;
  shards: ShardStats[];
}

/**
 * create_pretraining_data.py as a stream: documents (e.g. `readDocuments(path)`) are read lazily,
 * turned into the same examples `createPretrainingExamples` / `pretrainingDataset` make for the
 * same options and seed, and written as `tf.train.Example` records that google-research/albert's
 * run_pretraining.py reads. Memory stays bounded by `documentBufferSize`, not by the corpus.
 */
export async function writePretrainingTFRecords(
  documents: DocumentSource,
  tokenizer: PretrainingTokenizer,
  options: WritePretrainingTFRecordsOptions,
): Promise<TFRecordExportResult> {
  if (options == null || typeof options !== 'object') throw invalidOption('options', 'an object', options);
  const { output, onProgress, progressEvery = 10_000, ...dataOptions } = options;
  if (!Number.isInteger(progressEvery) || progressEvery < 1) {
    throw invalidOption('progressEvery', 'an integer >= 1', progressEvery);
  }
  const o = resolvePretrainingDataOptions(dataOptions);
  const shape = { maxSeqLength: o.maxSeqLength, maxPredictionsPerSeq: o.maxPredictionsPerSeq };
  const writer = await TFRecordShardWriter.open(output);
  const t0 = performance.now();
  let records = 0;
  let bytes = 0;
  const report = () => onProgress?.({ records, bytes, seconds: (performance.now() - t0) / 1000 });
  try {
    for await (const ex of createPretrainingExamples(documents, tokenizer, dataOptions)) {
      const rec = pretrainingRecord(ex, shape);
      await writer.write(rec);
      records++;
      bytes += rec.length;
      if (records % progressEvery === 0) report();
    }
  } catch (e) {
    await writer.abort();
    throw e;
  }
  const shards = await writer.close();
  report();
  return { records, bytes, seconds: (performance.now() - t0) / 1000, shards };
}
