/**
 * `prepare_for_model` of transformers 4.19 for ALBERT: truncation strategies, `[CLS] A [SEP] B
 * [SEP]`, token type ids, right padding.
 */
import { TokenizerError } from '../errors.js';

/**
 * How `encode` shortens a text or pair to `maxLength`, named as in transformers: 'longest_first'
 * removes from the longer sequence one token at a time, 'only_first' / 'only_second' from one of
 * them.
 */
export type TruncationStrategy = 'longest_first' | 'only_first' | 'only_second' | 'do_not_truncate';
/**
 * How `encode` pads (on the right, with `<pad>` and attention mask 0): to the longest in the batch,
 * to `maxLength`, or not at all.
 */
export type PaddingStrategy = 'longest' | 'max_length' | 'do_not_pad';

/** Options of `encode` / `encodeBatch`, as the keyword arguments of HF's `tokenizer(...)` call. */
export interface EncodeOptions {
  /** Add `[CLS]` / `[SEP]` (default true). */
  addSpecialTokens?: boolean;
  /** Length limit for truncation and `padding: 'max_length'` (default: the model's max length). */
  maxLength?: number;
  /** `true` = 'longest_first'. Default: 'longest_first' when `maxLength` is given without `padding`, else none. */
  truncation?: boolean | TruncationStrategy;
  /** `true` = 'longest'. Default: no padding. */
  padding?: boolean | PaddingStrategy;
  /** Also return `offsets`: `[start, end)` of each token in the ORIGINAL text (`[0, 0]` for added tokens). */
  returnOffsets?: boolean;
}

/**
 * One encoded text or pair, as HF's `BatchEncoding` for one input: `input_ids`, `token_type_ids` (0
 * for the first sequence, 1 for the pair), `attention_mask` (1 real, 0 padding) and, with
 * `returnOffsets`, offsets.
 */
export interface Encoding {
  inputIds: number[];
  tokenTypeIds: number[];
  attentionMask: number[];
  offsets?: Array<[number, number]>;
}

export interface TokenSeq {
  ids: number[];
  offsets: Array<[number, number]>;
}

export interface ResolvedOptions {
  addSpecialTokens: boolean;
  maxLength: number | undefined;
  truncation: TruncationStrategy;
  padding: PaddingStrategy;
  returnOffsets: boolean;
}

export function resolveOptions(opts: EncodeOptions | undefined, modelMaxLength: number): ResolvedOptions {
  const o = opts ?? {};
  if (typeof o !== 'object') throw new TokenizerError('INVALID_OPTION', 'encode options must be an object');
  if (o.maxLength !== undefined && (!Number.isInteger(o.maxLength) || o.maxLength < 0)) {
    throw new TokenizerError(
      'INVALID_OPTION',
      `maxLength must be a non-negative integer, got ${o.maxLength}`,
    );
  }
  let truncation: TruncationStrategy;
  // transformers: a max_length given with neither truncation nor padding means 'longest_first'.
  const noPadding = o.padding === undefined || o.padding === false;
  if (o.truncation === undefined)
    truncation = o.maxLength !== undefined && noPadding ? 'longest_first' : 'do_not_truncate';
  else if (o.truncation === true) truncation = 'longest_first';
  else if (o.truncation === false) truncation = 'do_not_truncate';
  else if (['longest_first', 'only_first', 'only_second', 'do_not_truncate'].includes(o.truncation))
    truncation = o.truncation;
  else
    throw new TokenizerError('INVALID_OPTION', `unknown truncation strategy ${JSON.stringify(o.truncation)}`);
  let padding: PaddingStrategy;
  if (o.padding === undefined || o.padding === false) padding = 'do_not_pad';
  else if (o.padding === true) padding = 'longest';
  else if (['longest', 'max_length', 'do_not_pad'].includes(o.padding)) padding = o.padding;
  else throw new TokenizerError('INVALID_OPTION', `unknown padding strategy ${JSON.stringify(o.padding)}`);
  let maxLength = o.maxLength;
  if (maxLength === undefined && (truncation !== 'do_not_truncate' || padding === 'max_length'))
    maxLength = modelMaxLength;
  return {
    addSpecialTokens: o.addSpecialTokens ?? true,
    maxLength,
    truncation,
    padding,
    returnOffsets: o.returnOffsets ?? false,
  };
}

function drop<T>(a: T[], n: number): T[] {
  return n <= 0 ? a : a.slice(0, Math.max(0, a.length - n));
}

/** `truncate_sequences` (right side, no stride). Like HF, a strategy that cannot remove enough leaves the input as is. */
export function truncate(
  a: TokenSeq,
  b: TokenSeq | null,
  remove: number,
  strategy: TruncationStrategy,
): [TokenSeq, TokenSeq | null] {
  if (remove <= 0) return [a, b];
  if (strategy === 'only_first' || (strategy === 'longest_first' && b === null)) {
    if (a.ids.length > remove) a = { ids: drop(a.ids, remove), offsets: drop(a.offsets, remove) };
    return [a, b];
  }
  if (strategy === 'longest_first' && b !== null) {
    let la = a.ids.length;
    let lb = b.ids.length;
    for (let i = 0; i < remove; i++) {
      if (la > lb) la--;
      else lb = Math.max(0, lb - 1);
    }
    return [
      { ids: a.ids.slice(0, la), offsets: a.offsets.slice(0, la) },
      { ids: b.ids.slice(0, lb), offsets: b.offsets.slice(0, lb) },
    ];
  }
  if (strategy === 'only_second' && b !== null) {
    if (b.ids.length > remove) b = { ids: drop(b.ids, remove), offsets: drop(b.offsets, remove) };
  }
  return [a, b];
}

export interface SpecialIds {
  cls: number;
  sep: number;
  pad: number;
}

export function prepareForModel(
  a: TokenSeq,
  b: TokenSeq | null,
  o: ResolvedOptions,
  sp: SpecialIds,
): Encoding {
  const added = o.addSpecialTokens ? (b ? 3 : 2) : 0;
  const total = a.ids.length + (b ? b.ids.length : 0) + added;
  if (o.truncation !== 'do_not_truncate' && o.maxLength !== undefined && total > o.maxLength) {
    [a, b] = truncate(a, b, total - o.maxLength, o.truncation);
  }
  const inputIds: number[] = [];
  const tokenTypeIds: number[] = [];
  const offsets: Array<[number, number]> = [];
  const add = (id: number, type: number, off: [number, number]) => {
    inputIds.push(id);
    tokenTypeIds.push(type);
    offsets.push(off);
  };
  if (o.addSpecialTokens) add(sp.cls, 0, [0, 0]);
  for (let i = 0; i < a.ids.length; i++) add(a.ids[i]!, 0, a.offsets[i]!);
  if (o.addSpecialTokens) add(sp.sep, 0, [0, 0]);
  if (b) {
    const type = o.addSpecialTokens ? 1 : 0;
    for (let i = 0; i < b.ids.length; i++) add(b.ids[i]!, type, b.offsets[i]!);
    if (o.addSpecialTokens) add(sp.sep, 1, [0, 0]);
  }
  const enc: Encoding = { inputIds, tokenTypeIds, attentionMask: inputIds.map(() => 1) };
  if (o.returnOffsets) enc.offsets = offsets;
  if (o.padding === 'max_length' && o.maxLength !== undefined) pad(enc, o.maxLength, sp.pad);
  return enc;
}

/** Right padding to `length` (no-op when already as long). */
export function pad(enc: Encoding, length: number, padId: number): void {
  while (enc.inputIds.length < length) {
    enc.inputIds.push(padId);
    enc.tokenTypeIds.push(0);
    enc.attentionMask.push(0);
    enc.offsets?.push([0, 0]);
  }
}
