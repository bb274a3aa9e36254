/**
 * HF's `tokenizer(texts, text_pair=pairs, padding=..., truncation=..., max_length=...,
 * return_offsets_mapping=...)`: a batch of texts (or pairs) encoded into ONE batch of columns
 * (`inputIds`, `attentionMask`, `tokenTypeIds`, `offsets`), the object every model's `call` takes.
 * Plain nested arrays (this package has no tfjs).
 */
import { describeValue, TokenizerError } from '../errors.js';
import type { EncodeOptions, Encoding } from './encoding.js';

/** A batch in columns: row `b` of each field is the `b`-th text (or pair). */
export interface BatchEncoding {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds: number[][];
  /** With `returnOffsets` (HF `return_offsets_mapping`): `[start, end)` per token, `[0, 0]` for added ones. */
  offsets?: Array<Array<[number, number]>>;
}

/**
 * Options of `batch`, HF's names in camelCase: `padding` (`true` | 'longest' | 'max_length' |
 * `false`, default `false`), `truncation` (`true` = 'longest_first' | 'only_first' | 'only_second' |
 * `false`), `maxLength` (HF `max_length`, default the tokenizer's `model_max_length` when truncating
 * or padding to 'max_length'), `returnOffsets` (alias `returnOffsetsMapping`).
 */
export interface BatchEncodeOptions extends EncodeOptions {
  /** HF `return_offsets_mapping`; same as `returnOffsets`. */
  returnOffsetsMapping?: boolean;
}

type EncodeRows = (inputs: Array<string | [string, string]>, opts?: EncodeOptions) => Encoding[];

/** Columns from rows: the `encodeBatch` encodings, transposed. */
export function toColumns(encs: Encoding[], withOffsets: boolean): BatchEncoding {
  const out: BatchEncoding = {
    inputIds: encs.map((e) => e.inputIds),
    attentionMask: encs.map((e) => e.attentionMask),
    tokenTypeIds: encs.map((e) => e.tokenTypeIds),
  };
  if (withOffsets) out.offsets = encs.map((e) => e.offsets ?? []);
  return out;
}

/**
 * Encodes `texts` (one string counts as a batch of one) with optional `pairs` (same length, or
 * one pair string per text) into one batch. `encodeRows` is the tokenizer's `encodeBatch`.
 */
export function batchEncode(
  encodeRows: EncodeRows,
  texts: string | readonly string[],
  pairs?: string | readonly string[] | null | BatchEncodeOptions,
  opts?: BatchEncodeOptions,
): BatchEncoding {
  // `batch(texts, opts)`: the second argument is options when it is a plain object.
  if (pairs !== null && typeof pairs === 'object' && !Array.isArray(pairs)) {
    if (opts !== undefined)
      throw new TokenizerError('INVALID_OPTION', 'batch: options given twice (as pairs and as opts)');
    opts = pairs as BatchEncodeOptions;
    pairs = undefined;
  }
  const list = typeof texts === 'string' ? [texts] : texts;
  if (!Array.isArray(list)) {
    throw new TokenizerError(
      'INVALID_INPUT',
      `batch: texts must be a string or an array of strings, got ${describeValue(texts)}`,
    );
  }
  list.forEach((t, i) => {
    if (typeof t !== 'string')
      throw new TokenizerError(
        'INVALID_INPUT',
        `batch: texts[${i}] must be a string, got ${describeValue(t)}`,
      );
  });
  let second: readonly string[] | null = null;
  if (pairs !== undefined && pairs !== null) {
    second = typeof pairs === 'string' ? [pairs] : (pairs as readonly string[]);
    if (!Array.isArray(second) || second.length !== list.length) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `batch: pairs must match texts (${list.length}), got ${describeValue(pairs)}`,
      );
    }
  }
  const { returnOffsetsMapping, ...rest } = opts ?? {};
  if (opts !== undefined && (opts === null || typeof opts !== 'object'))
    throw new TokenizerError(
      'INVALID_OPTION',
      `batch: options must be an object, got ${describeValue(opts)}`,
    );
  const withOffsets = (rest.returnOffsets ?? false) || (returnOffsetsMapping ?? false);
  const inputs = list.map((t, i): string | [string, string] => (second ? [t, second[i]!] : t));
  const encs = encodeRows(inputs, { ...rest, returnOffsets: withOffsets });
  return toColumns(encs, withOffsets);
}
