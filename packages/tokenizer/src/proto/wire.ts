/**
 * ModelProto on the wire: protobufjs's Reader / Writer driven by the reflected schema. The reflection
 * decoder of protobufjs drops unknown fields, so messages are walked field by field here instead,
 * keeping unknown fields as raw bytes and checking wire types.
 */
import protobuf from 'protobufjs/light.js';
import { TokenizerError } from '../errors.js';
import type { SentencePiece } from './messages.js';
import { MODEL_PROTO_SCHEMA } from './schema.js';

const root = protobuf.Root.fromJSON(MODEL_PROTO_SCHEMA);
root.resolveAll();
export const modelProtoType = root.lookupType('sentencepiece.ModelProto');
export const trainerSpecType = root.lookupType('sentencepiece.TrainerSpec');
export const normalizerSpecType = root.lookupType('sentencepiece.NormalizerSpec');
const sentencePieceType = root.lookupType('sentencepiece.ModelProto.SentencePiece');

/** Wire type of each scalar protobuf type used by the schema. */
const WIRE_TYPE: Record<string, number> = {
  string: 2,
  bytes: 2,
  float: 5,
  double: 1,
  fixed32: 5,
  sfixed32: 5,
  fixed64: 1,
  sfixed64: 1,
  int32: 0,
  uint32: 0,
  sint32: 0,
  int64: 0,
  uint64: 0,
  sint64: 0,
  bool: 0,
};

type Reader = protobuf.Reader;
export type Plain = Record<string, unknown>;

function scalarKind(field: protobuf.Field): string {
  return field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type;
}

function readScalar(r: Reader, kind: string): unknown {
  switch (kind) {
    case 'string':
      return r.string();
    case 'bytes':
      return new Uint8Array(r.bytes());
    case 'float':
      return r.float();
    case 'double':
      return r.double();
    case 'bool':
      return r.bool();
    case 'int32':
      return r.int32();
    case 'uint32':
      return r.uint32();
    case 'sint32':
      return r.sint32();
    case 'fixed32':
      return r.fixed32();
    case 'sfixed32':
      return r.sfixed32();
    default: {
      // 64-bit kinds: a Long-like or number; ModelProto's 64-bit values are counts < 2^53.
      const v = (r as unknown as Record<string, () => unknown>)[kind]!();
      return toNumber(v);
    }
  }
}

export function toNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  const long = v as { low: number; high: number; unsigned?: boolean };
  const high = long.unsigned ? long.high >>> 0 : long.high;
  return high * 4294967296 + (long.low >>> 0);
}

function concatBytes(chunks: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const c of chunks) n += c.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/**
 * The hot case of a 30k-piece file: a SentencePiece message read straight from the parent's reader
 * into an object of fixed shape. Falls back to the generic walk (returns null) for anything unusual
 * (unknown fields, repeated fields, other wire types).
 */
function decodePieceFast(r: Reader, end: number, names: PieceNames): SentencePiece | null {
  const start = r.pos;
  let nameStart = -1;
  let nameEnd = -1;
  let score: number | undefined;
  let type: number | undefined;
  while (r.pos < end) {
    const tag = r.uint32();
    if (tag === 0x0a && nameStart < 0) {
      const len = r.uint32();
      nameStart = r.pos;
      nameEnd = r.pos + len;
      if (nameEnd > end) break;
      r.pos = nameEnd;
    } else if (tag === 0x15 && score === undefined) {
      score = r.float();
    } else if (tag === 0x18 && type === undefined) {
      type = r.int32();
    } else {
      r.pos = start;
      return null;
    }
  }
  if (r.pos !== end) {
    r.pos = start;
    return null;
  }
  const p: SentencePiece = { piece: '', score: score ?? 0 };
  if (type !== undefined) p.type = type;
  if (nameStart >= 0) {
    names.pieces.push(p);
    names.ranges.push(nameStart, nameEnd);
  }
  return p;
}

/**
 * Piece strings found by the fast path, decoded together at the end: one TextDecoder call over the
 * NUL-joined bytes instead of 30k small ones.
 */
export class PieceNames {
  pieces: SentencePiece[] = [];
  ranges: number[] = [];

  resolve(buf: Uint8Array): void {
    const n = this.pieces.length;
    if (n === 0) return;
    let total = 0;
    for (let i = 0; i < 2 * n; i += 2) total += this.ranges[i + 1]! - this.ranges[i]! + 1;
    const joined = new Uint8Array(total);
    let o = 0;
    let hasNul = false;
    for (let i = 0; i < 2 * n; i += 2) {
      const part = buf.subarray(this.ranges[i]!, this.ranges[i + 1]!);
      if (!hasNul && part.includes(0)) hasNul = true;
      joined.set(part, o);
      o += part.length + 1;
    }
    if (hasNul) {
      // A NUL inside a piece (invalid, reported later) would break the split: decode one by one.
      for (let k = 0; k < n; k++) {
        this.pieces[k]!.piece = utf8.decode(buf.subarray(this.ranges[2 * k]!, this.ranges[2 * k + 1]!));
      }
      return;
    }
    let names: string[];
    try {
      names = strictUtf8.decode(joined.subarray(0, total - 1)).split('\0');
    } catch {
      // spm_train writes pieces of UTF-8 text only; malformed bytes are damage, not a piece.
      for (let k = 0; k < n; k++) {
        try {
          strictUtf8.decode(buf.subarray(this.ranges[2 * k]!, this.ranges[2 * k + 1]!));
        } catch {
          throw new Error(
            `pieces[${k}].piece (bytes ${this.ranges[2 * k]}..${this.ranges[2 * k + 1]}) is not valid UTF-8`,
          );
        }
      }
      throw new Error('a piece is not valid UTF-8');
    }
    for (let k = 0; k < n; k++) this.pieces[k]!.piece = names[k]!;
  }
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const strictUtf8 = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

export function decodeMessage(type: protobuf.Type, buf: Uint8Array, path: string, names: PieceNames): Plain {
  const out: Plain = {};
  const unknown: Uint8Array[] = [];
  const r = protobuf.Reader.create(buf);
  while (r.pos < r.len) {
    const tagStart = r.pos;
    const tag = r.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new Error(`field number 0 at byte ${tagStart} of ${path}`);
    const field = type.fieldsById[id];
    if (field === undefined) {
      r.skipType(wireType);
      unknown.push(buf.slice(tagStart, r.pos));
      continue;
    }
    let value: unknown;
    if (field.resolvedType instanceof protobuf.Type) {
      if (wireType !== 2) {
        throw new Error(`${path}.${field.name} (field ${id}) has wire type ${wireType}, expected 2`);
      }
      const len = r.uint32();
      if (r.pos + len > r.len) throw new Error(`${path}.${field.name} runs past the end of its parent`);
      if (field.resolvedType === sentencePieceType) {
        const fast = decodePieceFast(r, r.pos + len, names);
        if (fast !== null) {
          const arr = (out[field.name] as unknown[] | undefined) ?? [];
          arr.push(fast);
          out[field.name] = arr;
          continue;
        }
      }
      const sub = buf.subarray(r.pos, r.pos + len);
      r.pos += len;
      value = decodeMessage(field.resolvedType, sub, `${path}.${field.name}`, names);
    } else {
      const kind = scalarKind(field);
      const expected = WIRE_TYPE[kind];
      if (field.repeated && wireType === 2 && expected !== 2) {
        // Packed repeated scalars.
        const end = r.uint32() + r.pos;
        if (end > r.len) throw new Error(`${path}.${field.name} runs past the end of its parent`);
        const arr = (out[field.name] as unknown[] | undefined) ?? [];
        while (r.pos < end) arr.push(readScalar(r, kind));
        out[field.name] = arr;
        continue;
      }
      if (wireType !== expected) {
        throw new Error(
          `${path}.${field.name} (field ${id}) has wire type ${wireType}, expected ${expected}`,
        );
      }
      value = readScalar(r, kind);
    }
    if (field.repeated) {
      const arr = (out[field.name] as unknown[] | undefined) ?? [];
      arr.push(value);
      out[field.name] = arr;
    } else {
      out[field.name] = value;
    }
  }
  if (unknown.length > 0) out.unknownFields = concatBytes(unknown);
  return out;
}

function writeScalar(w: protobuf.Writer, kind: string, value: unknown): void {
  (w as unknown as Record<string, (v: unknown) => void>)[kind]!(value);
}

export function encodeMessage(type: protobuf.Type, msg: Plain, path: string): Uint8Array {
  const w = protobuf.Writer.create();
  const fields = type.fieldsArray.slice().sort((a, b) => a.id - b.id);
  for (const field of fields) {
    const raw = msg[field.name];
    if (raw === undefined || raw === null) continue;
    const values = field.repeated ? (raw as unknown[]) : [raw];
    if (field.repeated && !Array.isArray(raw)) {
      throw new TokenizerError('INVALID_INPUT', `${path}.${field.name} must be an array`);
    }
    for (const value of values) {
      if (field.resolvedType instanceof protobuf.Type) {
        const sub = encodeMessage(field.resolvedType, value as Plain, `${path}.${field.name}`);
        w.uint32((field.id << 3) | 2).bytes(sub);
      } else {
        const kind = scalarKind(field);
        w.uint32((field.id << 3) | WIRE_TYPE[kind]!);
        writeScalar(w, kind, value);
      }
    }
  }
  const known = w.finish();
  const unknown = msg.unknownFields as Uint8Array | undefined;
  return unknown && unknown.length > 0 ? concatBytes([known, unknown]) : known;
}

/** Field numbers of the raw fields kept in an `unknownFields` blob (tag + payload, concatenated). */
export function unknownFieldNumbers(raw: Uint8Array): number[] {
  const r = protobuf.Reader.create(raw);
  const out: number[] = [];
  while (r.pos < r.len) {
    const tag = r.uint32();
    out.push(tag >>> 3);
    r.skipType(tag & 7);
  }
  return out;
}
