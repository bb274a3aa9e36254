/**
 * Hugging Face's slow `AlbertTokenizer` (transformers 4.19, the version the parity fixtures come
 * from), with token offsets into the original text.
 */
import { describeValue, TokenizerError } from '../errors.js';
import { loadPretrained, type PretrainedOptions, type PretrainedSource } from '../hf/pretrained.js';
import { pretrainedFiles } from '../hf/save-files.js';
import { fetchBytes, isUrl } from '../hf/sources.js';
import { SentencePieceProcessor } from '../processor.js';
import {
  type Aligned,
  alignedIdentity,
  collapseWhitespace,
  lowerExceptSpecial,
  lowerWhole,
  mapSpan,
  replaceQuotes,
  stripAccents,
} from './aligned.js';
import { type BatchEncodeOptions, type BatchEncoding, batchEncode } from './batch-encode.js';
import { cleanUpTokenization, decodeNewer } from './decode.js';
import { endsWithDigitComma, subPieceSpans } from './digit-comma.js';
import {
  type EncodeOptions,
  type Encoding,
  pad,
  prepareForModel,
  resolveOptions,
  type TokenSeq,
} from './encoding.js';
import type { AlbertTokenizerOptions, DecodeOptions, TokenizedText } from './options.js';
import { type SpecialTokenSpec, splitOnSpecialTokens } from './special-split.js';

export type { AlbertTokenizerOptions, DecodeOptions, TokenizedText };
/**
 * One input of `encodeBatch`: a text, or a `[text, pair]` tuple encoded as `[CLS] A [SEP] B [SEP]`.
 */
export type BatchInput = string | [string, string];

/**
 * HF's `AlbertTokenizer` (the slow, SentencePiece-based one) with the same defaults: lower-casing,
 * space removal and accent stripping, then the `.model`'s unigram or BPE segmentation;
 * `[CLS]`/`[SEP]` special tokens, pairs, truncation, padding, offsets and decoding as transformers
 * does them.
 */
export class AlbertTokenizer {
  readonly doLowerCase: boolean;
  readonly removeSpace: boolean;
  readonly keepAccents: boolean;
  readonly modelMaxLength: number;
  readonly decodeStyle: 'newer' | 'v4.19';
  readonly clsToken: string;
  readonly sepToken: string;
  readonly padToken: string;
  readonly unkToken: string;
  readonly maskToken: string;
  private readonly specials: SpecialTokenSpec[];
  private readonly specialStrings: string[];
  private readonly specialIdSet: Set<number>;
  private readonly specialTokenSet: Set<string>;

  constructor(
    private readonly processor: SentencePieceProcessor,
    options: AlbertTokenizerOptions = {},
  ) {
    if (!(processor instanceof SentencePieceProcessor)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `AlbertTokenizer needs a SentencePieceProcessor, got ${describeValue(processor)}`,
      );
    }
    this.doLowerCase = options.doLowerCase ?? true;
    this.removeSpace = options.removeSpace ?? true;
    this.keepAccents = options.keepAccents ?? false;
    this.modelMaxLength = options.modelMaxLength ?? 512;
    this.decodeStyle = options.decodeStyle ?? 'newer';
    this.clsToken = options.clsToken ?? '[CLS]';
    this.sepToken = options.sepToken ?? '[SEP]';
    this.padToken = options.padToken ?? '<pad>';
    this.unkToken = options.unkToken ?? '<unk>';
    this.maskToken = options.maskToken ?? '[MASK]';
    // HF order: bos(=cls), eos(=sep), unk, sep, pad, cls, mask, deduplicated. Only [MASK] is an
    // AddedToken (lstrip=True, rstrip=False); plain-string specials strip both neighbours.
    const all = [...new Set([this.clsToken, this.sepToken, this.unkToken, this.padToken, this.maskToken])];
    this.specials = all.map((token) =>
      token === this.maskToken
        ? { token, lstrip: true, rstrip: false }
        : { token, lstrip: true, rstrip: true },
    );
    this.specialStrings = [...all].sort();
    this.specialTokenSet = new Set(all);
    this.specialIdSet = new Set(all.map((t) => processor.pieceToId(t)));
  }

  /** Loads a `.model` file: bytes anywhere; an http(s) URL through fetch; a path in Node. */
  static async fromFile(
    pathOrBytes: string | Uint8Array,
    options?: AlbertTokenizerOptions,
  ): Promise<AlbertTokenizer> {
    if (typeof pathOrBytes === 'string' && isUrl(pathOrBytes)) {
      const bytes = (await fetchBytes(globalThis.fetch, pathOrBytes, false)) as Uint8Array;
      return AlbertTokenizer.fromBytes(bytes, options);
    }
    if (typeof pathOrBytes === 'string') {
      const validation = options?.modelValidation;
      return new AlbertTokenizer(await SentencePieceProcessor.load(pathOrBytes, { validation }), options);
    }
    return AlbertTokenizer.fromBytes(pathOrBytes, options);
  }

  /**
   * A tokenizer from the bytes of a `.model` file (works in every environment). Throws
   * `TokenizerError` when the file is corrupt or not a SentencePiece model.
   */
  static fromBytes(bytes: Uint8Array, options?: AlbertTokenizerOptions): AlbertTokenizer {
    const validation = options?.modelValidation;
    return new AlbertTokenizer(SentencePieceProcessor.fromBytes(bytes, { validation }), options);
  }

  /**
   * A tokenizer as transformers saves it: a directory (Node), a URL of a folder, a Hub id
   * (`org/name[@revision]`), or the files in memory; `spiece.model` or `tokenizer.json`, with
   * `tokenizer_config.json` / `special_tokens_map.json`. `options` override the files.
   */
  static async fromPretrained(
    source: PretrainedSource,
    options?: PretrainedOptions,
  ): Promise<AlbertTokenizer> {
    const loaded = await loadPretrained(source, options);
    return new AlbertTokenizer(loaded.processor, loaded.options);
  }

  /** The files `savePretrained` writes, by name (in any environment, e.g. to upload them). */
  pretrainedFiles(): Record<string, Uint8Array | string> {
    return pretrainedFiles(this.processor.modelProto, this);
  }

  /** Writes spiece.model, tokenizer.json, tokenizer_config.json, special_tokens_map.json (Node). */
  async savePretrained(dir: string): Promise<string[]> {
    const files = this.pretrainedFiles();
    const { writeFolder } = await import('../node-fs.js');
    await writeFolder(dir, files);
    return Object.keys(files);
  }

  /** The underlying SentencePieceProcessor. */
  get sp(): SentencePieceProcessor {
    return this.processor;
  }

  get vocabSize(): number {
    return this.processor.vocabSize;
  }

  get clsTokenId(): number {
    return this.processor.pieceToId(this.clsToken);
  }

  get sepTokenId(): number {
    return this.processor.pieceToId(this.sepToken);
  }

  get padTokenId(): number {
    return this.processor.pieceToId(this.padToken);
  }

  get maskTokenId(): number {
    return this.processor.pieceToId(this.maskToken);
  }

  get unkTokenId(): number {
    return this.processor.pieceToId(this.unkToken);
  }

  /** The ids `decode({skipSpecialTokens: true})` drops. */
  get allSpecialIds(): number[] {
    return [...this.specialIdSet];
  }

  /**
   * HF's `tokenize(text)`: the pieces of `text`, special tokens written in it (e.g. `[MASK]`) kept
   * whole.
   */
  tokenize(text: string): string[] {
    return this.tokenizeWithOffsets(text).tokens;
  }

  /** Tokens, their ids and their spans in `text`. */
  tokenizeWithOffsets(text: string): TokenizedText {
    if (typeof text !== 'string') {
      throw new TokenizerError('INVALID_INPUT', `tokenize expects a string, got ${describeValue(text)}`);
    }
    const out: TokenizedText = { tokens: [], ids: [], offsets: [] };
    let a = alignedIdentity(text);
    if (this.doLowerCase) a = lowerExceptSpecial(a, this.specialStrings);
    for (const seg of splitOnSpecialTokens(a, this.specials)) {
      if (seg.special) {
        out.tokens.push(seg.token);
        out.ids.push(this.processor.pieceToId(seg.token));
        out.offsets.push([seg.start, seg.end]);
      } else {
        this.tokenizeSegment(seg.text, out);
      }
    }
    return out;
  }

  /**
   * The text as the sentencepiece model sees it (U+2581 for whitespace), special tokens not treated
   * specially: the `do_lower_case` pass, `preprocess_text`, then the model's normalizer.
   */
  normalize(text: string): string {
    if (typeof text !== 'string') {
      throw new TokenizerError('INVALID_INPUT', `normalize expects a string, got ${describeValue(text)}`);
    }
    let a = alignedIdentity(text);
    if (this.doLowerCase) a = lowerExceptSpecial(a, []);
    return this.processor.normalize(this.preprocess(a).text);
  }

  /** HF `preprocess_text`, keeping the alignment to the original text. */
  private preprocess(seg: Aligned): Aligned {
    let p = seg;
    if (this.removeSpace) p = collapseWhitespace(p);
    p = replaceQuotes(p);
    if (!this.keepAccents) p = stripAccents(p);
    if (this.doLowerCase) p = lowerWhole(p);
    return p;
  }

  /** `preprocess_text` + sentencepiece + the digit-comma re-split (`_tokenize`). */
  private tokenizeSegment(seg: Aligned, out: TokenizedText): void {
    const p = this.preprocess(seg);
    if (p.text.length === 0) return;
    const sp = this.processor;
    const d = sp.encodeDetailed(p.text, 'tokenize', true);
    const toOrig = (span: [number, number]): [number, number] => mapSpan(p, span);
    for (let k = 0; k < d.pieces.length; k++) {
      const piece = d.pieces[k]!;
      if (!endsWithDigitComma(piece)) {
        out.tokens.push(piece);
        out.ids.push(sp.pieceToId(piece));
        out.offsets.push(toOrig(d.spanOf(d.nb[k]!, d.ne[k]!)));
        continue;
      }
      let cur = sp.encodeAsPieces(piece.slice(0, -1).replaceAll('\u2581', ''));
      if (piece[0] !== '\u2581' && cur[0]?.[0] === '\u2581') {
        if ([...cur[0]!].length === 1) cur = cur.slice(1);
        else cur[0] = cur[0]!.slice(1);
      }
      const spans = subPieceSpans(d, k, cur);
      cur.push(piece.slice(-1));
      spans.push(d.spanOf(d.ne[k]! - 1, d.ne[k]!));
      for (let i = 0; i < cur.length; i++) {
        out.tokens.push(cur[i]!);
        out.ids.push(sp.pieceToId(cur[i]!));
        out.offsets.push(toOrig(spans[i]!));
      }
    }
  }

  /**
   * The id of a piece (the unknown id when it is not in the vocabulary); HF's
   * `convert_tokens_to_ids`.
   */
  convertTokensToIds(tokens: string): number;
  /** The id of each piece (the unknown id for pieces not in the vocabulary). */
  convertTokensToIds(tokens: string[]): number[];
  convertTokensToIds(tokens: string | string[]): number | number[] {
    if (typeof tokens === 'string') return this.processor.pieceToId(tokens);
    if (!Array.isArray(tokens)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `convertTokensToIds expects a string or string[], got ${describeValue(tokens)}`,
      );
    }
    return tokens.map((t) => this.processor.pieceToId(t));
  }

  /**
   * The piece of an id; HF's `convert_ids_to_tokens`. Throws `TokenizerError` for an id out of
   * range.
   */
  convertIdsToTokens(ids: number, skipSpecialTokens?: boolean): string;
  /** The piece of each id, special tokens dropped when `skipSpecialTokens` (default false). */
  convertIdsToTokens(ids: ArrayLike<number>, skipSpecialTokens?: boolean): string[];
  convertIdsToTokens(ids: number | ArrayLike<number>, skipSpecialTokens = false): string | string[] {
    if (typeof ids === 'number') return this.processor.idToPiece(ids);
    checkIdList(ids, 'convertIdsToTokens');
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (skipSpecialTokens && this.specialIdSet.has(id)) continue;
      out.push(this.processor.idToPiece(id));
    }
    return out;
  }

  private encodeOne(text: string, what: string): TokenSeq {
    if (typeof text !== 'string') {
      throw new TokenizerError('INVALID_INPUT', `${what} expects a string, got ${describeValue(text)}`);
    }
    const t = this.tokenizeWithOffsets(text);
    return { ids: t.ids, offsets: t.offsets };
  }

  /** `tokenizer(text, pair?, ...)` -> input ids, token type ids, attention mask (and offsets). */
  encode(text: string, pair?: string | null, opts?: EncodeOptions): Encoding {
    const o = resolveOptions(opts, this.modelMaxLength);
    const a = this.encodeOne(text, 'encode: text');
    const b = pair === undefined || pair === null ? null : this.encodeOne(pair, 'encode: pair');
    return prepareForModel(a, b, o, this.specialIdsForModel());
  }

  /** Encodes many texts or pairs; `padding: 'longest'` pads to the longest in the batch. */
  encodeBatch(inputs: BatchInput[], opts?: EncodeOptions): Encoding[] {
    if (!Array.isArray(inputs)) {
      throw new TokenizerError('INVALID_INPUT', `encodeBatch expects an array, got ${describeValue(inputs)}`);
    }
    const o = resolveOptions(opts, this.modelMaxLength);
    const each = { ...o, padding: 'do_not_pad' as const };
    const ids = this.specialIdsForModel();
    const encs = inputs.map((input, i) => {
      if (Array.isArray(input)) {
        if (input.length !== 2)
          throw new TokenizerError(
            'INVALID_INPUT',
            `encodeBatch: inputs[${i}] must be a string or a [text, pair] tuple`,
          );
        return prepareForModel(
          this.encodeOne(input[0], `encodeBatch: inputs[${i}][0]`),
          this.encodeOne(input[1], `encodeBatch: inputs[${i}][1]`),
          each,
          ids,
        );
      }
      return prepareForModel(this.encodeOne(input, `encodeBatch: inputs[${i}]`), null, each, ids);
    });
    let target: number | undefined;
    if (o.padding === 'longest') target = Math.max(0, ...encs.map((e) => e.inputIds.length));
    else if (o.padding === 'max_length') target = o.maxLength;
    if (target !== undefined) for (const e of encs) pad(e, target, ids.pad);
    return encs;
  }

  /**
   * HF's `tokenizer(texts, text_pair=pairs, padding=, truncation=, max_length=,
   * return_offsets_mapping=)`: one batch in columns (`inputIds`, `attentionMask`, `tokenTypeIds`,
   * `offsets?`) that a model's `call` takes as it is. `batch(texts, opts)` also works.
   */
  batch(
    texts: string | readonly string[],
    pairs?: string | readonly string[] | null | BatchEncodeOptions,
    opts?: BatchEncodeOptions,
  ): BatchEncoding {
    return batchEncode((inputs, o) => this.encodeBatch(inputs, o), texts, pairs, opts);
  }

  private specialIdsForModel() {
    return { cls: this.clsTokenId, sep: this.sepTokenId, pad: this.padTokenId };
  }

  /**
   * HF's `decode(ids, skip_special_tokens=, clean_up_tokenization_spaces=)`: the text of the ids,
   * U+2581 turned back into spaces.
   */
  decode(ids: ArrayLike<number>, opts: DecodeOptions = {}): string {
    checkIdList(ids, 'decode');
    const skip = opts.skipSpecialTokens ?? false;
    const tokens = this.convertIdsToTokens(ids, skip);
    const style = opts.style ?? this.decodeStyle;
    let text: string;
    if (style === 'v4.19') {
      text = this.processor.decodePieces(tokens);
    } else {
      const kept = skip ? tokens.filter((t) => !this.specialTokenSet.has(t)) : tokens;
      text = decodeNewer(kept, this.specialTokenSet, (pieces) => this.processor.decodePieces(pieces));
    }
    return opts.cleanUpTokenizationSpaces ? cleanUpTokenization(text) : text;
  }
}

function checkIdList(ids: unknown, what: string): asserts ids is ArrayLike<number> {
  if (ids === null || typeof ids !== 'object' || typeof (ids as ArrayLike<number>).length !== 'number') {
    throw new TokenizerError('INVALID_INPUT', `${what} expects an array of ids, got ${describeValue(ids)}`);
  }
}
