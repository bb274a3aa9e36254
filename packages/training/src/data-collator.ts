/**
 * Fine-tuning batches: HF's `DataCollatorWithPadding` and `DataCollatorForTokenClassification`.
 * A list of encoded examples (one `tokenizer.encode(...)` each, plus labels) becomes one batch
 * that a head model's `call` takes: inputs right-padded with the pad id / mask 0 / type 0, labels
 * stacked (one per example) or, per token, right-padded with `labelPadTokenId` (-100, ignored by
 * the losses). Plain nested arrays.
 */
import { describeValue } from '@albert-ts/core';
import { checkNumber, invalidOption, TrainingError } from './errors.js';

/** One encoded example: the tokenizer's `Encoding` plus targets. */
export interface EncodedExample {
  inputIds: readonly number[];
  attentionMask?: readonly number[];
  tokenTypeIds?: readonly number[];
  /** A class id or a float target (sequence classification), a vector (multi-label), or one label per token. */
  labels?: number | readonly number[];
  /** HF's other spelling; renamed to `labels` as HF does. */
  label?: number | readonly number[];
  /** Any other numeric field (e.g. `startPositions`, `endPositions`) is stacked as it is. */
  [key: string]: unknown;
}

/**
 * Options of the data collator, as HF `DataCollatorWithPadding`'s (`padding`, `max_length`,
 * `pad_to_multiple_of`) plus the pad ids.
 */
export interface DataCollatorOptions {
  /** Id padded into `inputIds` (default 0, ALBERT's `<pad>`). */
  padTokenId?: number;
  /** 'longest' (default: the longest example) or 'max_length' (`maxLength`). */
  padding?: 'longest' | 'max_length';
  maxLength?: number;
  /** Rounds the padded length up to a multiple (HF `pad_to_multiple_of`). */
  padToMultipleOf?: number;
  /** Fill for per-token labels (HF `label_pad_token_id`, default -100). */
  labelPadTokenId?: number;
}

/**
 * One padded batch as a head model's `call` takes it (nested arrays `[B, S]`; labels `[B]`, `[B,
 * num_labels]` or `[B, S]`).
 */
export interface CollatedBatch {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  labels?: number[] | number[][];
  [key: string]: unknown;
}

const INPUT_KEYS = new Set(['inputIds', 'attentionMask', 'tokenTypeIds', 'labels', 'label', 'offsets']);

function padRow(row: readonly number[], length: number, fill: number): number[] {
  const out = row.slice();
  while (out.length < length) out.push(fill);
  return out;
}

function checkRow(v: unknown, what: string, length?: number): readonly number[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'number'))
    throw new TrainingError(
      'INVALID_INPUT',
      `${what}: expected an array of numbers, found ${describeValue(v)}`,
    );
  if (length !== undefined && v.length !== length)
    throw new TrainingError('INVALID_INPUT', `${what}: length ${v.length} differs from inputIds (${length})`);
  return v;
}

/**
 * Pads `examples` into one batch. Per-token labels (`labels` arrays as long as `inputIds`, as
 * `tokenClassification: true` or HF's `DataCollatorForTokenClassification` expect) are padded
 * with `labelPadTokenId`; anything else under `labels` is stacked.
 */
export function collateWithPadding(
  examples: readonly EncodedExample[],
  opts: DataCollatorOptions & { tokenClassification?: boolean } = {},
): CollatedBatch {
  if (!Array.isArray(examples) || examples.length === 0)
    throw new TrainingError(
      'INVALID_INPUT',
      `collateWithPadding: expected a non-empty array of examples, found ${describeValue(examples)}`,
    );
  const padId = opts.padTokenId ?? 0;
  const labelPad = opts.labelPadTokenId ?? -100;
  const padding = opts.padding ?? 'longest';
  if (padding !== 'longest' && padding !== 'max_length')
    throw invalidOption('padding', "'longest' or 'max_length'", padding);
  const rows = examples.map((e, i) => {
    if (e === null || typeof e !== 'object')
      throw new TrainingError(
        'INVALID_INPUT',
        `examples[${i}]: expected an object, found ${describeValue(e)}`,
      );
    const ids = checkRow(e.inputIds, `examples[${i}].inputIds`);
    return {
      ids,
      mask:
        e.attentionMask == null
          ? ids.map(() => 1)
          : checkRow(e.attentionMask, `examples[${i}].attentionMask`, ids.length),
      types:
        e.tokenTypeIds == null
          ? ids.map(() => 0)
          : checkRow(e.tokenTypeIds, `examples[${i}].tokenTypeIds`, ids.length),
    };
  });
  let length = Math.max(...rows.map((r) => r.ids.length));
  if (padding === 'max_length') {
    const max = checkNumber('maxLength', opts.maxLength, { min: 1, integer: true });
    if (length > max)
      throw new TrainingError(
        'INVALID_INPUT',
        `collateWithPadding: an example has ${length} tokens, more than maxLength ${max} (truncate when encoding)`,
      );
    length = max;
  }
  if (opts.padToMultipleOf !== undefined) {
    const m = checkNumber('padToMultipleOf', opts.padToMultipleOf, { min: 1, integer: true });
    length = Math.ceil(length / m) * m;
  }
  const batch: CollatedBatch = {
    inputIds: rows.map((r) => padRow(r.ids, length, padId)),
    attentionMask: rows.map((r) => padRow(r.mask, length, 0)),
    tokenTypeIds: rows.map((r) => padRow(r.types, length, 0)),
  };
  const labels = examples.map((e) => e.labels ?? e.label);
  const given = labels.filter((l) => l !== undefined).length;
  if (given !== 0 && given !== labels.length)
    throw new TrainingError('INVALID_INPUT', 'collateWithPadding: some examples have labels and some do not');
  if (given > 0) {
    const perToken = opts.tokenClassification ?? false;
    if (perToken) {
      batch.labels = labels.map((l, i) =>
        padRow(checkRow(l, `examples[${i}].labels`, rows[i]!.ids.length), length, labelPad),
      );
    } else if (labels.every((l) => typeof l === 'number')) {
      batch.labels = labels as number[];
    } else {
      batch.labels = labels.map((l, i) => checkRow(l, `examples[${i}].labels`).slice());
    }
  }
  for (const key of Object.keys(examples[0]!)) {
    if (INPUT_KEYS.has(key)) continue;
    batch[key] = examples.map((e, i) => {
      const v = e[key];
      if (typeof v !== 'number' && !Array.isArray(v))
        throw new TrainingError(
          'INVALID_INPUT',
          `examples[${i}].${key}: expected a number or an array, found ${describeValue(v)}`,
        );
      return v;
    });
  }
  return batch;
}

/** HF `DataCollatorWithPadding`: a function from examples to one padded batch. */
export function dataCollatorWithPadding(
  opts: DataCollatorOptions = {},
): (examples: readonly EncodedExample[]) => CollatedBatch {
  return (examples) => collateWithPadding(examples, opts);
}

/** HF `DataCollatorForTokenClassification`: as `dataCollatorWithPadding`, labels padded with -100. */
export function dataCollatorForTokenClassification(
  opts: DataCollatorOptions = {},
): (examples: readonly EncodedExample[]) => CollatedBatch {
  return (examples) => collateWithPadding(examples, { ...opts, tokenClassification: true });
}
