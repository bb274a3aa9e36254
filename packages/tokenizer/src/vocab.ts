/**
 * The piece table of a model, checked as sentencepiece's `ModelInterface::InitializePieces` checks
 * it: NORMAL / USER_DEFINED / UNUSED pieces go to the matching trie, CONTROL / UNKNOWN / BYTE pieces
 * to the reserved map (looked up first by `pieceToId`).
 */
import { TokenizerError } from './errors.js';
import { type ModelProto, PieceType } from './proto/model-proto.js';
import { DoubleArrayTrie } from './trie/double-array.js';
import { encodeUtf8 } from './utf8.js';

const FLT_MAX = 3.4028234663852886e38;
const FLT_MIN = 1.1754943508222875e-38;

export class Vocab {
  readonly pieces: string[];
  readonly pieceBytes: Uint8Array[];
  readonly scores: Float32Array;
  readonly types: Uint8Array;
  /** NORMAL, USER_DEFINED and UNUSED pieces by their UTF-8 bytes. */
  readonly trie: DoubleArrayTrie;
  /** CONTROL, UNKNOWN and BYTE pieces by their UTF-8 bytes (or null when there are none). */
  readonly reservedTrie: DoubleArrayTrie | null;
  /** USER_DEFINED pieces, for the normalizer's verbatim matching (or null when there are none). */
  readonly userDefinedTrie: DoubleArrayTrie | null;
  readonly unkId: number;
  /** Id of `<0xXX>` for each byte (-1 when absent). */
  readonly byteToId = new Int32Array(256).fill(-1);
  /** Min / max score over NORMAL pieces, initialised as sentencepiece does (FLT_MAX / FLT_MIN). */
  readonly minScore: number;
  readonly maxScore: number;
  private readonly reserved = new Map<string, number>();
  private readonly normal = new Map<string, number>();

  constructor(proto: ModelProto, byteFallback: boolean) {
    const n = proto.pieces.length;
    if (n === 0) throw new TokenizerError('MODEL_INVALID', 'model has no pieces');
    this.pieces = new Array<string>(n);
    this.pieceBytes = new Array<Uint8Array>(n);
    this.scores = new Float32Array(n);
    this.types = new Uint8Array(n);
    let unkId = -1;
    let min = FLT_MAX;
    let max = FLT_MIN;
    const trieIds: number[] = [];
    const resIds: number[] = [];
    const udIds: number[] = [];
    for (let i = 0; i < n; i++) {
      const p = proto.pieces[i]!;
      const piece = p.piece;
      const type = p.type ?? PieceType.NORMAL;
      if (typeof piece !== 'string' || piece.length === 0) {
        throw new TokenizerError('MODEL_INVALID', `piece ${i} is empty (pieces must not be empty)`);
      }
      if (piece.includes('\0')) {
        throw new TokenizerError('MODEL_INVALID', `piece ${i} contains a NUL character`);
      }
      if (!(type >= PieceType.NORMAL && type <= PieceType.BYTE)) {
        throw new TokenizerError(
          'MODEL_INVALID',
          `piece ${i} (${JSON.stringify(piece)}) has unknown type ${type}`,
        );
      }
      this.pieces[i] = piece;
      this.scores[i] = p.score ?? 0;
      if (!Number.isFinite(this.scores[i]!)) {
        throw new TokenizerError(
          'MODEL_INVALID',
          `piece ${i} (${JSON.stringify(piece)}) has a non-finite score ${p.score}`,
        );
      }
      this.types[i] = type;
      const isNormalMap =
        type === PieceType.NORMAL || type === PieceType.USER_DEFINED || type === PieceType.UNUSED;
      const map = isNormalMap ? this.normal : this.reserved;
      if (map.has(piece)) {
        throw new TokenizerError(
          'MODEL_INVALID',
          `piece ${JSON.stringify(piece)} is defined twice (ids ${map.get(piece)} and ${i})`,
        );
      }
      map.set(piece, i);
      if (isNormalMap) trieIds.push(i);
      else resIds.push(i);
      if (type === PieceType.USER_DEFINED) udIds.push(i);
      if (type === PieceType.NORMAL) {
        const s = this.scores[i]!;
        if (s < min) min = s;
        if (s > max) max = s;
      }
      if (type === PieceType.UNKNOWN) {
        if (unkId >= 0)
          throw new TokenizerError('MODEL_INVALID', `two UNKNOWN pieces (ids ${unkId} and ${i})`);
        unkId = i;
      }
      if (type === PieceType.BYTE) {
        if (!byteFallback) {
          throw new TokenizerError(
            'MODEL_INVALID',
            `byte piece ${piece} (id ${i}) found although byte_fallback is false`,
          );
        }
        const m = /^<0x([0-9A-F]{2})>$/.exec(piece);
        if (!m)
          throw new TokenizerError(
            'MODEL_INVALID',
            `byte piece ${JSON.stringify(piece)} (id ${i}) is not <0xXX>`,
          );
        this.byteToId[Number.parseInt(m[1]!, 16)] = i;
      }
    }
    if (unkId < 0) throw new TokenizerError('MODEL_INVALID', 'model has no UNKNOWN (<unk>) piece');
    if (byteFallback && this.byteToId.includes(-1)) {
      throw new TokenizerError(
        'MODEL_INVALID',
        'byte_fallback is true but the model lacks some of the 256 <0xXX> pieces',
      );
    }
    this.unkId = unkId;
    this.minScore = min;
    this.maxScore = max;
    // One encoder call for all pieces (NUL-separated; pieces cannot contain NUL), sliced as views.
    const all = encodeUtf8(this.pieces.join('\0'));
    for (let i = 0, b = 0; i < n; i++) {
      let e = b;
      while (e < all.length && all[e] !== 0) e++;
      this.pieceBytes[i] = all.subarray(b, e);
      b = e + 1;
    }
    const build = (ids: number[]) =>
      DoubleArrayTrie.build(
        ids.map((i) => this.pieceBytes[i]!),
        ids,
      );
    this.trie = build(trieIds);
    this.reservedTrie = resIds.length > 0 ? build(resIds) : null;
    this.userDefinedTrie = udIds.length > 0 ? build(udIds) : null;
  }

  get size(): number {
    return this.pieces.length;
  }

  /** sentencepiece's `PieceToId`: reserved pieces first, then the others, else the unknown id. */
  pieceToId(piece: string): number {
    return this.reserved.get(piece) ?? this.normal.get(piece) ?? this.unkId;
  }

  /** `pieceToId` on a byte range, without making a string. */
  bytesToId(bytes: Uint8Array, start: number, end: number): number {
    if (this.reservedTrie) {
      const r = lookup(this.reservedTrie, bytes, start, end);
      if (r >= 0) return r;
    }
    const id = lookup(this.trie, bytes, start, end);
    return id >= 0 ? id : this.unkId;
  }
}

/** Exact lookup of bytes[start..end) in a trie; -1 when absent. */
export function lookup(trie: DoubleArrayTrie, bytes: Uint8Array, start: number, end: number): number {
  const { base, check } = trie;
  let node = 0;
  for (let i = start; i < end; i++) {
    const t = base[node]! + bytes[i]!;
    if (check[t] !== node) return -1;
    node = t;
  }
  return trie.value[node]!;
}
