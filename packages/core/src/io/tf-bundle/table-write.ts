/**
 * Writing a LevelDB-format table as TensorFlow's `table::TableBuilder` does with the options its
 * BundleWriter uses (256 KiB blocks, a restart every 16 keys, no compression): the same bytes for
 * the same entries, which is what lets tests compare our writer with TensorFlow-written files.
 */
import { crc32c, maskCrc } from './crc32c.js';
import { type BlockHandle, FOOTER_LENGTH, MAGIC_HI, MAGIC_LO, NO_COMPRESSION } from './table.js';
import { BlockBuilder, type BlockEntry, pushFixed32, pushVarint } from './table-block.js';

export const DEFAULT_BLOCK_SIZE = 262144;
export const DEFAULT_RESTART_INTERVAL = 16;

export interface TableWriteOptions {
  blockSize?: number;
  restartInterval?: number;
}

/** Shortens `start` to a key in [start, limit) (LevelDB's bytewise FindShortestSeparator). */
function shortestSeparator(start: Uint8Array, limit: Uint8Array): Uint8Array {
  const n = Math.min(start.length, limit.length);
  let i = 0;
  while (i < n && start[i] === limit[i]) i++;
  if (i >= n) return start;
  const b = start[i];
  if (b < 0xff && b + 1 < limit[i]) {
    const out = start.slice(0, i + 1);
    out[i]++;
    return out;
  }
  return start;
}

/** A short key >= `key` (LevelDB's FindShortSuccessor). */
function shortSuccessor(key: Uint8Array): Uint8Array {
  for (let i = 0; i < key.length; i++) {
    if (key[i] !== 0xff) {
      const out = key.slice(0, i + 1);
      out[i]++;
      return out;
    }
  }
  return key;
}

function encodeHandle(out: number[], h: BlockHandle): void {
  pushVarint(out, h.offset);
  pushVarint(out, h.size);
}

/** The table bytes for `entries`, which must be sorted by key (bytewise) without duplicates. */
export function writeTable(entries: BlockEntry[], opts: TableWriteOptions = {}): Uint8Array {
  const blockSize = opts.blockSize ?? DEFAULT_BLOCK_SIZE;
  const data = new BlockBuilder(opts.restartInterval ?? DEFAULT_RESTART_INTERVAL);
  // The index block restarts at every key, as LevelDB's builder configures it.
  const index = new BlockBuilder(1);
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let lastKey: Uint8Array = new Uint8Array(0);
  let pending: BlockHandle | null = null;

  const writeBlock = (b: BlockBuilder): BlockHandle => {
    const contents = b.finish();
    const trailer = new Uint8Array(5);
    trailer[0] = NO_COMPRESSION;
    const crc = crc32c(trailer.subarray(0, 1), crc32c(contents));
    const t: number[] = [];
    pushFixed32(t, maskCrc(crc));
    trailer.set(t, 1);
    chunks.push(contents, trailer);
    const h = { offset, size: contents.length };
    offset += contents.length + 5;
    return h;
  };
  const flush = () => {
    if (data.empty) return;
    pending = writeBlock(data);
  };
  const addIndex = (key: Uint8Array) => {
    const v: number[] = [];
    encodeHandle(v, pending!);
    index.add(key, Uint8Array.from(v));
    pending = null;
  };

  entries.forEach(({ key, value }, i) => {
    // An entry at least twice the block size goes into a block of its own.
    if (i > 0 && key.length + value.length >= 2 * blockSize) flush();
    if (pending) addIndex(shortestSeparator(lastKey, key));
    lastKey = key;
    data.add(key, value);
    if (data.sizeEstimate() >= blockSize) flush();
  });
  flush();
  const meta = writeBlock(new BlockBuilder(opts.restartInterval ?? DEFAULT_RESTART_INTERVAL));
  if (pending) addIndex(shortSuccessor(lastKey));
  const indexHandle = writeBlock(index);
  const footer: number[] = [];
  encodeHandle(footer, meta);
  encodeHandle(footer, indexHandle);
  while (footer.length < FOOTER_LENGTH - 8) footer.push(0);
  pushFixed32(footer, MAGIC_LO);
  pushFixed32(footer, MAGIC_HI);
  chunks.push(Uint8Array.from(footer));
  const out = new Uint8Array(offset + FOOTER_LENGTH);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
