/**
 * SentencePieceProcessor: loads a `.model` file and encodes / decodes exactly as the sentencepiece
 * library does (its normalizer, its segmentation, its unknown-piece merging and byte fallback).
 */
import { decodePieceSequence } from './decode.js';
import { assemblePieces, type EncodeDetail, spanMapper } from './encode-output.js';
import { describeValue, TokenizerError } from './errors.js';
import { checkId, checkIdList } from './ids.js';
import { createModel } from './model/create.js';
import { type SampleOptions, sampleSegmentation } from './model/sample.js';
import { Segmentation, type SegmentationModel } from './model/segmentation.js';
import { type Normalizer, normalizerFor } from './normalizer/normalizer.js';
import {
  decodeModelProto,
  type ModelProto,
  PieceType,
  resolveNormalizerSpec,
  resolveTrainerSpec,
} from './proto/model-proto.js';
import { ByteBuffer, decodeUtf8, encodeUtf8Into, utf8ToUtf16Map } from './utf8.js';
import {
  checkModelConsistency,
  checkModelParts,
  checkSelfTest,
  type ModelValidation,
} from './validate/model-validator.js';
import { Vocab } from './vocab.js';

const DEFAULT_UNK_SURFACE = ' \u2047 ';

/** Pieces of a text with their spans in it. */
export interface EncodedText {
  ids: number[];
  pieces: string[];
  /**
   * `[start, end)` UTF-16 spans in the input of each piece's characters. A leading U+2581 is not part
   * of the span of a piece with other characters; a piece of only U+2581 spans the whitespace it
   * stands for (empty for the dummy prefix). Pieces that split one normalization unit (e.g. "½" ->
   * "1⁄2") share its span. Starts and ends are non-decreasing.
   */
  offsets: Array<[number, number]>;
}

export type { EncodeDetail, ModelValidation, SampleOptions };

/** How a model is checked when loaded. */
export interface LoadOptions {
  /**
   * `'strict'` (default for files): the file must be as spm_train writes it, so truncated or
   * damaged files are refused (see validate/model-validator.ts). `'sentencepiece'` (default for
   * `fromModelProto`): only the checks sentencepiece's own loader makes, for hand-edited models.
   */
  validation?: ModelValidation;
}

/**
 * The sentencepiece library's `SentencePieceProcessor` for one `.model` file: its normalizer,
 * unigram or BPE segmentation, byte fallback and decoding, with the same results as the C++
 * library.
 */
export class SentencePieceProcessor {
  readonly modelProto: ModelProto;
  private readonly vocab: Vocab;
  private readonly normalizer: Normalizer;
  private readonly denormalizer: Normalizer | null;
  private readonly model: SegmentationModel;
  private readonly byteFallback: boolean;
  private readonly unkSurface: string;
  private readonly decodeFlags: { addDummyPrefix: boolean; removeExtraWhitespaces: boolean };
  private readonly input = new ByteBuffer();
  private readonly seg = new Segmentation();

  private constructor(proto: ModelProto, validation: ModelValidation) {
    this.modelProto = proto;
    const strict = validation === 'strict';
    if (strict) checkModelParts(proto);
    const ts = resolveTrainerSpec(proto.trainerSpec);
    const ns = resolveNormalizerSpec(proto.normalizerSpec);
    this.byteFallback = ts.byteFallback;
    this.vocab = new Vocab(proto, ts.byteFallback);
    if (strict) checkModelConsistency(proto, this.vocab, ts);
    this.normalizer = normalizerFor(
      ns,
      ts.treatWhitespaceAsSuffix,
      this.vocab.userDefinedTrie,
      'normalizer_spec',
    );
    const dn = proto.denormalizerSpec;
    this.denormalizer =
      dn?.precompiledCharsmap && dn.precompiledCharsmap.length > 0
        ? normalizerFor(resolveNormalizerSpec(dn), false, null, 'denormalizer_spec')
        : null;
    this.unkSurface = proto.trainerSpec?.unkSurface ?? DEFAULT_UNK_SURFACE;
    this.decodeFlags = {
      addDummyPrefix: ns.addDummyPrefix,
      removeExtraWhitespaces: ns.removeExtraWhitespaces,
    };
    this.model = createModel(this.vocab, ts);
    if (strict) {
      checkSelfTest(proto, this.vocab, ts.modelType === 1, (t) => this.encodeAsPieces(t));
    }
  }

  /** Parses and checks a `.model` file (the serialized ModelProto). */
  static fromBytes(bytes: Uint8Array, options: LoadOptions = {}): SentencePieceProcessor {
    if (!(bytes instanceof Uint8Array)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `SentencePieceProcessor.fromBytes expects a Uint8Array, got ${describeValue(bytes)}`,
      );
    }
    return new SentencePieceProcessor(decodeModelProto(bytes), checkValidation(options, 'strict'));
  }

  /** Builds a processor from an already decoded (or programmatically built) ModelProto. */
  static fromModelProto(proto: ModelProto, options: LoadOptions = {}): SentencePieceProcessor {
    if (proto === null || typeof proto !== 'object' || !Array.isArray(proto.pieces)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `fromModelProto expects a ModelProto, got ${describeValue(proto)}`,
      );
    }
    return new SentencePieceProcessor(proto, checkValidation(options, 'sentencepiece'));
  }

  /** Reads a `.model` file (Node only; in browsers use `fromBytes`). */
  static async load(path: string, options?: LoadOptions): Promise<SentencePieceProcessor> {
    const { readModelFile } = await import('./node-fs.js');
    return SentencePieceProcessor.fromBytes(await readModelFile(path), options);
  }

  get vocabSize(): number {
    return this.vocab.size;
  }

  /** sentencepiece's normalization of `text` (U+2581 for whitespace, dummy prefix included). */
  normalize(text: string): string {
    const n = this.prepare(text, 'normalize');
    const m = this.normalizer.normalize(this.input.bytes, n, false);
    const out = decodeUtf8(this.normalizer.out, 0, m);
    this.release();
    return out;
  }

  /**
   * The ids of `text`'s pieces, as sentencepiece's `EncodeAsIds` (consecutive unknowns merged, byte
   * fallback applied).
   */
  encodeAsIds(text: string): number[] {
    this.segment(text, 'encodeAsIds', false);
    const { ids: segIds, begins, count } = this.seg;
    const unkId = this.vocab.unkId;
    const ids: number[] = [];
    let prevUnk = false;
    for (let k = 0; k < count; k++) {
      const id = segIds[k]!;
      const isUnk = id === unkId;
      if (isUnk && this.byteFallback) {
        const norm = this.normalizer.out;
        for (let b = begins[k]!; b < begins[k + 1]!; b++) ids.push(this.vocab.byteToId[norm[b]!]!);
      } else if (!(isUnk && prevUnk)) {
        ids.push(id);
      }
      prevUnk = isUnk;
    }
    this.release();
    return ids;
  }

  /** The pieces of `text`, as sentencepiece's `EncodeAsPieces`. */
  encodeAsPieces(text: string): string[] {
    return this.encodeDetailed(text, 'encodeAsPieces', false).pieces;
  }

  /** Ids, pieces and the span of each piece in `text` (UTF-16 offsets). */
  encode(text: string): EncodedText {
    const d = this.encodeDetailed(text, 'encode', true);
    const offsets = d.ids.map((_, k) => d.spanOf(d.nb[k]!, d.ne[k]!));
    return { ids: d.ids, pieces: d.pieces, offsets };
  }

  /** @internal Pieces with their normalized byte ranges and a mapper to input UTF-16 spans. */
  encodeDetailed(text: string, what: string, track: true): EncodeDetail;
  encodeDetailed(text: string, what: string, track: false): Omit<EncodeDetail, 'spanOf'>;
  encodeDetailed(
    text: string,
    what: string,
    track: boolean,
  ): Omit<EncodeDetail, 'spanOf'> & Partial<EncodeDetail> {
    const m = this.segment(text, what, track);
    const out = assemblePieces(this.vocab, this.seg, this.normalizer.out, this.byteFallback);
    if (!track) {
      this.release();
      return out;
    }
    const { start, end, final } = this.normalizer;
    const spanOf = spanMapper(
      this.normalizer.out.slice(0, m),
      start.slice(0, m),
      end.slice(0, m),
      final,
      utf8ToUtf16Map(text, this.inputLength),
    );
    this.release();
    return { ...out, spanOf };
  }

  private inputLength = 0;

  private prepare(text: string, what: string): number {
    if (typeof text !== 'string') {
      throw new TokenizerError('INVALID_INPUT', `${what} expects a string, got ${describeValue(text)}`);
    }
    this.inputLength = encodeUtf8Into(text, this.input);
    return this.inputLength;
  }

  private segment(text: string, what: string, track: boolean, sample?: SampleOptions): number {
    const n = this.prepare(text, what);
    const m = this.normalizer.normalize(this.input.bytes, n, track);
    if (sample === undefined) {
      this.model.encode(this.normalizer.out, m, this.seg);
      return m;
    }
    sampleSegmentation(this.model, this.vocab, this.normalizer.out, m, this.seg, sample, what);
    return m;
  }

  /**
   * Subword regularization: a random segmentation. Unigram models sample with probability
   * proportional to exp(alpha * score) (sentencepiece with nbest_size = -1); BPE models apply
   * BPE-dropout with probability alpha. `random` defaults to Math.random.
   */
  sampleEncodeAsIds(text: string, options: SampleOptions = {}): number[] {
    this.segment(text, 'sampleEncodeAsIds', false, options);
    const out = assemblePieces(this.vocab, this.seg, this.normalizer.out, this.byteFallback).ids;
    this.release();
    return out;
  }

  /** The pieces of a random segmentation of `text` (see `sampleEncodeAsIds`). */
  sampleEncodeAsPieces(text: string, options: SampleOptions = {}): string[] {
    this.segment(text, 'sampleEncodeAsPieces', false, options);
    const out = assemblePieces(this.vocab, this.seg, this.normalizer.out, this.byteFallback).pieces;
    this.release();
    return out;
  }

  /**
   * The text of the ids, as sentencepiece's `DecodeIds`. Throws `TokenizerError` for an id out of
   * range.
   */
  decodeIds(ids: ArrayLike<number>): string {
    this.checkIds(ids, 'decodeIds');
    const pieces = new Array<string>(ids.length);
    for (let i = 0; i < ids.length; i++) pieces[i] = this.vocab.pieces[ids[i]!]!;
    return this.finishDecode(pieces, ids);
  }

  /**
   * The text of the pieces, as sentencepiece's `DecodePieces` (U+2581 back to spaces, control
   * pieces dropped).
   */
  decodePieces(pieces: string[]): string {
    if (!Array.isArray(pieces)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `decodePieces expects an array of strings, got ${describeValue(pieces)}`,
      );
    }
    const ids = new Int32Array(pieces.length);
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (typeof p !== 'string') {
        throw new TokenizerError(
          'INVALID_INPUT',
          `decodePieces: element ${i} is ${describeValue(p)}, not a string`,
        );
      }
      ids[i] = this.vocab.pieceToId(p);
    }
    return this.finishDecode(pieces, ids);
  }

  private finishDecode(pieces: string[], ids: ArrayLike<number>): string {
    const text = decodePieceSequence(this.vocab, pieces, ids, {
      ...this.decodeFlags,
      unkSurface: this.unkSurface,
    });
    if (!this.denormalizer) return text;
    const n = encodeUtf8Into(text, this.input);
    const m = this.denormalizer.normalize(this.input.bytes, n, false);
    const out = decodeUtf8(this.denormalizer.out, 0, m);
    this.release();
    return out;
  }

  /** Drops the reusable buffers a huge input grew, once its result has been built. */
  private release(): void {
    this.input.release();
    this.normalizer.release();
    this.denormalizer?.release();
    this.seg.release();
    this.model.release?.();
  }

  private checkIds(ids: ArrayLike<number>, what: string): void {
    checkIdList(ids, what, this.vocab.size);
  }

  private checkId(id: unknown, what: string): asserts id is number {
    checkId(id, what, this.vocab.size);
  }

  /** The id of `piece`, or the unknown id when the piece is not in the vocabulary. */
  pieceToId(piece: string): number {
    if (typeof piece !== 'string') {
      throw new TokenizerError('INVALID_INPUT', `pieceToId expects a string, got ${describeValue(piece)}`);
    }
    return this.vocab.pieceToId(piece);
  }

  /** The piece of `id`. Throws `TokenizerError` when `id` is not in `[0, vocabSize)`. */
  idToPiece(id: number): string {
    this.checkId(id, 'idToPiece: id');
    return this.vocab.pieces[id]!;
  }

  /**
   * The score of `id`'s piece as the model stores it (a log probability in a unigram model; in a
   * BPE model, higher scores merge first).
   */
  getScore(id: number): number {
    this.checkId(id, 'getScore: id');
    return this.vocab.scores[id]!;
  }

  private typeOf(id: number, what: string): number {
    this.checkId(id, `${what}: id`);
    return this.vocab.types[id]!;
  }

  /**
   * Whether `id` is a control piece (e.g. `<s>`, `</s>`): never produced by encoding, dropped by
   * decoding.
   */
  isControl(id: number): boolean {
    return this.typeOf(id, 'isControl') === PieceType.CONTROL;
  }

  /** Whether `id` is the unknown piece. */
  isUnknown(id: number): boolean {
    return this.typeOf(id, 'isUnknown') === PieceType.UNKNOWN;
  }

  /** Whether `id` is a user-defined piece, always matched whole in the input. */
  isUserDefined(id: number): boolean {
    return this.typeOf(id, 'isUserDefined') === PieceType.USER_DEFINED;
  }

  /** Whether `id` is a byte-fallback piece (`<0xNN>`). */
  isByte(id: number): boolean {
    return this.typeOf(id, 'isByte') === PieceType.BYTE;
  }

  /** Whether `id` is an unused piece, which encoding never produces. */
  isUnused(id: number): boolean {
    return this.typeOf(id, 'isUnused') === PieceType.UNUSED;
  }

  /** Id of the unknown piece. */
  get unkId(): number {
    return this.vocab.unkId;
  }

  /** Id of `trainer_spec.bos_piece` if it is a control piece, else -1 (as sentencepiece). */
  get bosId(): number {
    return this.specialId(this.modelProto.trainerSpec?.bosPiece || '<s>');
  }

  get eosId(): number {
    return this.specialId(this.modelProto.trainerSpec?.eosPiece || '</s>');
  }

  get padId(): number {
    return this.specialId(this.modelProto.trainerSpec?.padPiece || '<pad>');
  }

  private specialId(piece: string): number {
    const id = this.vocab.pieceToId(piece);
    return this.vocab.types[id] === PieceType.CONTROL ? id : -1;
  }
}

function checkValidation(options: LoadOptions, fallback: ModelValidation): ModelValidation {
  const v = options?.validation ?? fallback;
  if (v !== 'strict' && v !== 'sentencepiece') {
    throw new TokenizerError(
      'INVALID_OPTION',
      `validation must be 'strict' or 'sentencepiece', got ${describeValue(v)}`,
    );
  }
  return v;
}
