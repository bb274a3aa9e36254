/**
 * One LevelDB table block: entries whose keys share a prefix with the previous key
 * (`shared`, `non_shared`, `value_length` varints, then the key suffix and the value), a
 * restart array of fixed32 offsets where `shared` is 0, and the restart count.
 */
import { readFixed32, readVarint } from './proto-wire.js';
import { TfCheckpointError, type TfCheckpointWhere } from './tf-bundle-error.js';

export interface BlockEntry {
  key: Uint8Array;
  value: Uint8Array;
}

/** Every entry of a block, in order, with the layout checked (never reads outside `block`). */
export function parseBlock(block: Uint8Array, where: TfCheckpointWhere): BlockEntry[] {
  const bad = (msg: string) => new TfCheckpointError('BAD_BLOCK', `table block: ${msg}`, where);
  if (block.length < 4) throw bad(`${block.length} bytes, too short for the restart count`);
  const numRestarts = readFixed32(block, block.length - 4);
  const maxRestarts = (block.length - 4) / 4;
  if (numRestarts > maxRestarts) throw bad(`${numRestarts} restarts do not fit in ${block.length} bytes`);
  const limit = block.length - 4 - numRestarts * 4;
  const restarts = new Set<number>();
  for (let i = 0; i < numRestarts; i++) restarts.add(readFixed32(block, limit + i * 4));
  const out: BlockEntry[] = [];
  let last = new Uint8Array(0);
  const starts = new Set<number>();
  let pos = 0;
  while (pos < limit) {
    const at = pos;
    starts.add(at);
    let shared: number;
    let nonShared: number;
    let valueLen: number;
    [shared, pos] = readVarint(block, pos, limit, where, 'BAD_BLOCK');
    [nonShared, pos] = readVarint(block, pos, limit, where, 'BAD_BLOCK');
    [valueLen, pos] = readVarint(block, pos, limit, where, 'BAD_BLOCK');
    if (shared < 0 || shared > last.length)
      throw bad(`entry at ${at} shares ${shared} bytes of a ${last.length}-byte key`);
    if (restarts.has(at) && shared !== 0) throw bad(`restart entry at ${at} shares a prefix`);
    if (nonShared < 0 || valueLen < 0 || pos + nonShared + valueLen > limit) {
      throw bad(`entry at ${at} (key ${nonShared} + value ${valueLen} bytes) overruns the block`);
    }
    const key = new Uint8Array(shared + nonShared);
    key.set(last.subarray(0, shared));
    key.set(block.subarray(pos, pos + nonShared), shared);
    pos += nonShared;
    out.push({ key, value: block.subarray(pos, pos + valueLen) });
    pos += valueLen;
    last = key;
  }
  for (const r of restarts) {
    if (!starts.has(r) && !(r === 0 && out.length === 0)) throw bad(`restart offset ${r} is not an entry`);
  }
  return out;
}

/** Builds a block as LevelDB's BlockBuilder does (so a table we write matches TensorFlow's byte for byte). */
export class BlockBuilder {
  private buf: number[] = [];
  private restarts: number[] = [0];
  private counter = 0;
  private last: Uint8Array = new Uint8Array(0);

  constructor(private readonly restartInterval: number) {}

  get empty(): boolean {
    return this.buf.length === 0;
  }

  /** Bytes the finished block would take (LevelDB's CurrentSizeEstimate). */
  sizeEstimate(): number {
    return this.buf.length + this.restarts.length * 4 + 4;
  }

  add(key: Uint8Array, value: Uint8Array): void {
    let shared = 0;
    if (this.counter < this.restartInterval) {
      const n = Math.min(this.last.length, key.length);
      while (shared < n && this.last[shared] === key[shared]) shared++;
    } else {
      this.restarts.push(this.buf.length);
      this.counter = 0;
    }
    pushVarint(this.buf, shared);
    pushVarint(this.buf, key.length - shared);
    pushVarint(this.buf, value.length);
    for (let i = shared; i < key.length; i++) this.buf.push(key[i]);
    for (const b of value) this.buf.push(b);
    this.last = key;
    this.counter++;
  }

  finish(): Uint8Array {
    for (const r of this.restarts) pushFixed32(this.buf, r);
    pushFixed32(this.buf, this.restarts.length);
    const out = Uint8Array.from(this.buf);
    this.buf = [];
    this.restarts = [0];
    this.counter = 0;
    this.last = new Uint8Array(0);
    return out;
  }
}

export function pushVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

export function pushFixed32(out: number[], v: number): void {
  out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
}
