/**
 * Reading a LevelDB-format table (TensorFlow's `table::Table`) whole: the 48-byte footer (two
 * block handles, padding, magic), the index block of `separator key -> data block handle`, and
 * each block's 5-byte trailer (compression type, masked CRC32C of contents + type).
 */
import { crc32c, unmaskCrc } from './crc32c.js';
import { readFixed32, readVarint } from './proto-wire.js';
import { snappyDecompress } from './snappy.js';
import { type BlockEntry, parseBlock } from './table-block.js';
import { TfCheckpointError, type TfCheckpointWhere } from './tf-bundle-error.js';

export const FOOTER_LENGTH = 48;
export const BLOCK_TRAILER_LENGTH = 5;
export const MAGIC_LO = 0x8b80fb57;
export const MAGIC_HI = 0xdb477524;
export const NO_COMPRESSION = 0;
export const SNAPPY_COMPRESSION = 1;

export interface BlockHandle {
  offset: number;
  size: number;
}

function decodeHandle(
  bytes: Uint8Array,
  pos: number,
  end: number,
  where: TfCheckpointWhere,
): [BlockHandle, number] {
  const [offset, p] = readVarint(bytes, pos, end, where, 'BAD_BLOCK');
  const [size, q] = readVarint(bytes, p, end, where, 'BAD_BLOCK');
  return [{ offset, size }, q];
}

/** The contents of the block at `handle`, its trailer CRC checked and snappy undone. */
export function readBlock(
  file: Uint8Array,
  h: BlockHandle,
  where: TfCheckpointWhere,
  what: string,
): Uint8Array {
  const end = file.length - FOOTER_LENGTH;
  if (h.offset < 0 || h.size < 0 || h.offset + h.size + BLOCK_TRAILER_LENGTH > end) {
    throw new TfCheckpointError(
      'TRUNCATED',
      `${what} block [${h.offset}, +${h.size + BLOCK_TRAILER_LENGTH}) lies outside the ${end} bytes before the footer`,
      where,
    );
  }
  const contents = file.subarray(h.offset, h.offset + h.size);
  const type = file[h.offset + h.size];
  const stored = unmaskCrc(readFixed32(file, h.offset + h.size + 1));
  const actual = crc32c(file.subarray(h.offset, h.offset + h.size + 1));
  if (stored !== actual) {
    throw new TfCheckpointError(
      'CHECKSUM',
      `${what} block at ${h.offset}: CRC32C expected ${hex(stored)}, found ${hex(actual)}`,
      where,
    );
  }
  if (type === NO_COMPRESSION) return contents;
  if (type === SNAPPY_COMPRESSION) return snappyDecompress(contents, where);
  throw new TfCheckpointError(
    'BAD_BLOCK',
    `${what} block at ${h.offset}: unknown compression type ${type}`,
    where,
  );
}

export function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Every key/value of the table in key order. Keys must be strictly increasing and no data key
 * may exceed its index separator: TensorFlow's seek relies on that order, so a table that breaks
 * it is corrupt even when every CRC holds.
 */
export function readTable(file: Uint8Array, where: TfCheckpointWhere): BlockEntry[] {
  if (file.length < FOOTER_LENGTH) {
    throw new TfCheckpointError(
      'TRUNCATED',
      `${file.length} bytes, shorter than the ${FOOTER_LENGTH}-byte table footer`,
      where,
    );
  }
  const f = file.length - FOOTER_LENGTH;
  if (readFixed32(file, f + 40) !== MAGIC_LO || readFixed32(file, f + 44) !== MAGIC_HI) {
    throw new TfCheckpointError(
      'BAD_MAGIC',
      `not a LevelDB table: footer magic expected 0xdb4775248b80fb57, found 0x${hex(readFixed32(file, f + 44)).slice(2)}${hex(readFixed32(file, f + 40)).slice(2)}`,
      where,
    );
  }
  const [, p] = decodeHandle(file, f, f + 40, where); // the metaindex: TensorFlow writes it empty
  const [indexHandle] = decodeHandle(file, p, f + 40, where);
  const index = parseBlock(readBlock(file, indexHandle, where, 'index'), where);
  const out: BlockEntry[] = [];
  let prev: Uint8Array | null = null;
  for (const ie of index) {
    const [h, q] = decodeHandle(ie.value, 0, ie.value.length, where);
    if (q !== ie.value.length)
      throw new TfCheckpointError('BAD_BLOCK', 'index entry has trailing bytes', where);
    for (const e of parseBlock(readBlock(file, h, where, 'data'), where)) {
      if (prev && compareBytes(prev, e.key) >= 0) {
        throw new TfCheckpointError('BAD_BLOCK', 'table keys are not in strictly increasing order', where);
      }
      if (compareBytes(e.key, ie.key) > 0) {
        throw new TfCheckpointError('BAD_BLOCK', 'a data key lies beyond its index separator', where);
      }
      out.push(e);
      prev = e.key;
    }
  }
  return out;
}
