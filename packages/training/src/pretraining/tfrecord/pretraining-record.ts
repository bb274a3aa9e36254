import { checkNumber, TrainingError } from '../../errors.js';
import type { PretrainingExample } from '../types.js';
import { type ExampleFeature, encodeExample } from './example-proto.js';
import { frameRecord } from './framing.js';

/** Shapes of the exported features: the `max_seq_length` / `max_predictions_per_seq` flags. */
export interface PretrainingRecordShape {
  maxSeqLength: number;
  maxPredictionsPerSeq: number;
}

/**
 * The features of one example, named, typed, ordered and padded as `write_instance_to_example_files`
 * of google-research/albert's create_pretraining_data.py writes them (and run_pretraining.py's
 * `input_fn` parses them): `[maxSeqLength]` int64 `input_ids` / `input_mask` / `segment_ids` /
 * `token_boundary`, zero-padded; `[maxPredictionsPerSeq]` int64 `masked_lm_positions` /
 * `masked_lm_ids` and float `masked_lm_weights` (1.0 per prediction, then 0 / 0 / 0.0);
 * `[1]` int64 `next_sentence_labels`, which for ALBERT holds the sentence-order label.
 *
 * `input_ids` are padded with 0 whatever the tokenizer's pad id, as the reference does.
 */
export function pretrainingFeatures(
  example: PretrainingExample,
  shape: PretrainingRecordShape,
): Array<[string, ExampleFeature]> {
  const seq = checkNumber('maxSeqLength', shape?.maxSeqLength, { min: 1, integer: true });
  const preds = checkNumber('maxPredictionsPerSeq', shape?.maxPredictionsPerSeq, { min: 1, integer: true });
  const n = example.length;
  if (!Number.isInteger(n) || n < 0 || n > seq || example.inputIds.length < n) {
    throw new TrainingError(
      'SHAPE_MISMATCH',
      `pretraining record: example length ${n} does not fit maxSeqLength ${seq} (inputIds has ${example.inputIds.length})`,
    );
  }
  const m = example.maskedLmPositions.length;
  if (m > preds || example.maskedLmIds.length !== m) {
    throw new TrainingError(
      'SHAPE_MISMATCH',
      `pretraining record: ${m} masked positions and ${example.maskedLmIds.length} ids, expected equal counts <= maxPredictionsPerSeq ${preds}`,
    );
  }
  const label = example.sentenceOrderLabel;
  if (label !== 0 && label !== 1) {
    throw new TrainingError(
      'INVALID_INPUT',
      `pretraining record: sentenceOrderLabel must be 0 or 1, found ${label}`,
    );
  }
  const padded = (xs: readonly number[], len: number, keep: number): number[] => {
    const out = new Array<number>(len).fill(0);
    for (let i = 0; i < keep; i++) out[i] = xs[i];
    return out;
  };
  const weights = new Array<number>(preds).fill(0);
  weights.fill(1, 0, m);
  return [
    ['input_ids', { int64: padded(example.inputIds, seq, n) }],
    ['input_mask', { int64: padded([], seq, 0).fill(1, 0, n) }],
    ['segment_ids', { int64: padded(example.tokenTypeIds, seq, n) }],
    ['token_boundary', { int64: padded(example.tokenBoundary, seq, n) }],
    ['masked_lm_positions', { int64: padded(example.maskedLmPositions, preds, m) }],
    ['masked_lm_ids', { int64: padded(example.maskedLmIds, preds, m) }],
    ['masked_lm_weights', { float: weights }],
    ['next_sentence_labels', { int64: [label] }],
  ];
}

/** One example as a serialised `tf.train.Example` (unframed). */
export function encodePretrainingExample(
  example: PretrainingExample,
  shape: PretrainingRecordShape,
): Uint8Array {
  return encodeExample(pretrainingFeatures(example, shape));
}

/** One example as a framed TFRecord record, ready to append to a `.tfrecord` file. */
export function pretrainingRecord(example: PretrainingExample, shape: PretrainingRecordShape): Uint8Array {
  return frameRecord(encodePretrainingExample(example, shape));
}

/**
 * Streams framed records from streamed examples (platform-neutral; the Node entry's
 * `writePretrainingTFRecords` writes them to sharded files).
 */
export async function* pretrainingRecords(
  examples: AsyncIterable<PretrainingExample> | Iterable<PretrainingExample>,
  shape: PretrainingRecordShape,
): AsyncGenerator<Uint8Array> {
  for await (const ex of examples) yield pretrainingRecord(ex, shape);
}
