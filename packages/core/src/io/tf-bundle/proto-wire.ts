/**
 * The few protocol-buffer wire-format pieces the bundle protos need (varints, length-delimited
 * fields, fixed32), read with bounds checks so corrupt bytes give a typed error, not a crash.
 */
import { TfCheckpointError, type TfCheckpointWhere } from './tf-bundle-error.js';

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

const TWO32 = 2 ** 32;

/** Reads a LEB128 varint (at most 10 bytes) as an exact number; returns [value, next position]. */
export function readVarint(
  bytes: Uint8Array,
  pos: number,
  end: number,
  where: TfCheckpointWhere,
  problem: 'BAD_PROTO' | 'BAD_BLOCK' = 'BAD_PROTO',
): [number, number] {
  // Low and high 32 bits kept apart: JS bit operators are 32-bit, and int64 values must stay exact.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < 10; i++) {
    if (pos >= end) throw new TfCheckpointError(problem, `varint runs past the end at byte ${pos}`, where);
    const b = bytes[pos++];
    const bits = b & 0x7f;
    if (i < 4) lo |= bits << (7 * i);
    else if (i === 4) {
      lo |= (bits & 0x0f) << 28;
      hi |= bits >>> 4;
    } else hi |= bits << (7 * i - 32);
    if ((b & 0x80) === 0) {
      const l = lo >>> 0;
      const h = hi >>> 0;
      // Negative int64 (two's complement, e.g. a dim of -1) or a value above 2^53 -> exact or refused.
      if (h >= 0x80000000) {
        const v = (h - TWO32) * TWO32 + l;
        if (!Number.isSafeInteger(v)) throw new TfCheckpointError(problem, `varint out of range`, where);
        return [v, pos];
      }
      const v = h * TWO32 + l;
      if (!Number.isSafeInteger(v))
        throw new TfCheckpointError(problem, `varint ${h}:${l} above 2^53`, where);
      return [v, pos];
    }
  }
  throw new TfCheckpointError(problem, `varint longer than 10 bytes`, where);
}

export function readFixed32(bytes: Uint8Array, pos: number): number {
  return (bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24)) >>> 0;
}

/** One field of a message: number, wire type, and its value (number) or payload (bytes). */
export interface ProtoField {
  field: number;
  wire: number;
  value: number;
  bytes: Uint8Array;
}

/** The fields of a message in order; unknown fields are returned too (callers skip them). */
export function readFields(msg: Uint8Array, where: TfCheckpointWhere): ProtoField[] {
  const out: ProtoField[] = [];
  const empty = msg.subarray(0, 0);
  let pos = 0;
  while (pos < msg.length) {
    const [tag, p] = readVarint(msg, pos, msg.length, where);
    pos = p;
    const field = Math.floor(tag / 8);
    const wire = tag % 8;
    if (field === 0) throw new TfCheckpointError('BAD_PROTO', `field number 0`, where);
    if (wire === WIRE_VARINT) {
      const [v, q] = readVarint(msg, pos, msg.length, where);
      out.push({ field, wire, value: v, bytes: empty });
      pos = q;
    } else if (wire === WIRE_FIXED32 || wire === WIRE_FIXED64) {
      const n = wire === WIRE_FIXED32 ? 4 : 8;
      if (pos + n > msg.length)
        throw new TfCheckpointError('BAD_PROTO', `fixed field runs past the end`, where);
      out.push({ field, wire, value: readFixed32(msg, pos), bytes: msg.subarray(pos, pos + n) });
      pos += n;
    } else if (wire === WIRE_BYTES) {
      const [len, q] = readVarint(msg, pos, msg.length, where);
      if (len < 0 || q + len > msg.length) {
        throw new TfCheckpointError(
          'BAD_PROTO',
          `length ${len} runs past the end of ${msg.length} bytes`,
          where,
        );
      }
      out.push({ field, wire, value: len, bytes: msg.subarray(q, q + len) });
      pos = q + len;
    } else {
      throw new TfCheckpointError('BAD_PROTO', `unsupported wire type ${wire} (field ${field})`, where);
    }
  }
  return out;
}

/** Appends protocol-buffer fields to a growing byte list (proto3: callers omit default values). */
export class ProtoWriter {
  private readonly parts: number[] = [];

  varint(v: number): this {
    if (!Number.isSafeInteger(v)) throw new RangeError(`varint ${v} is not a safe integer`);
    // Negative int64 values are written as their 64-bit two's complement (10 bytes), as protobuf does.
    let lo = v >= 0 ? v % TWO32 : (TWO32 + (v % TWO32)) % TWO32;
    let hi = v >= 0 ? Math.floor(v / TWO32) : Math.floor(v / TWO32) + TWO32;
    for (;;) {
      const more = hi !== 0 || lo >= 0x80;
      this.parts.push((lo & 0x7f) | (more ? 0x80 : 0));
      if (!more) return this;
      lo = (lo >>> 7) | ((hi & 0x7f) << 25);
      lo >>>= 0;
      hi = Math.floor(hi / 128);
    }
  }

  tag(field: number, wire: number): this {
    return this.varint(field * 8 + wire);
  }

  /** A varint field, omitted when 0 (proto3 default). */
  uint(field: number, v: number): this {
    return v === 0 ? this : this.tag(field, WIRE_VARINT).varint(v);
  }

  fixed32(field: number, v: number): this {
    if (v === 0) return this;
    this.tag(field, WIRE_FIXED32);
    this.parts.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
    return this;
  }

  /** A length-delimited field (a sub-message is written even when empty: it is "present"). */
  bytes(field: number, b: Uint8Array): this {
    this.tag(field, WIRE_BYTES).varint(b.length);
    for (const x of b) this.parts.push(x);
    return this;
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** A bare varint's bytes (block entries and handles are varints outside any message). */
export function encodeVarint(v: number): Uint8Array {
  return new ProtoWriter().varint(v).finish();
}
