import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { invalidOption, TrainingError } from '../errors.js';

/** Bytes buffered per shard before a write; bounds memory whatever the corpus size. */
const FLUSH_BYTES = 1 << 20;

/**
 * TensorFlow's shard names: `shardPaths('train.tfrecord', 3)` →
 * `train.tfrecord-00000-of-00003`, … (a single shard keeps the name as given).
 */
export function shardPaths(base: string, count: number): string[] {
  if (typeof base !== 'string' || !base) throw invalidOption('base', 'a file path', base);
  if (!Number.isInteger(count) || count < 1) throw invalidOption('count', 'an integer >= 1', count);
  if (count === 1) return [base];
  const pad = (i: number) => String(i).padStart(5, '0');
  return Array.from({ length: count }, (_, i) => `${base}-${pad(i)}-of-${pad(count)}`);
}

/** One TFRecord shard file: its path and the records and bytes written to it. */
export interface ShardStats {
  path: string;
  records: number;
  bytes: number;
}

interface Shard extends ShardStats {
  handle: FileHandle;
  partial: string;
  pending: Uint8Array[];
  pendingBytes: number;
}

/**
 * Appends framed records to shard files round-robin (record i → shard i mod n, as
 * create_pretraining_data.py's `write_instance_to_example_files` does), buffering at most
 * ~1 MiB per shard. Files are written as `<path>.partial` and renamed on `close()`, so an
 * interrupted export never leaves a truncated file under the final name; `abort()` removes them.
 */
export class TFRecordShardWriter {
  private next = 0;
  private closed = false;

  private constructor(private readonly shards: Shard[]) {}

  /**
   * Opens one shard per path (each written as `<path>.partial` until `close()`). Throws
   * `TrainingError` on an empty or duplicate path list.
   */
  static async open(paths: string | readonly string[]): Promise<TFRecordShardWriter> {
    const list = typeof paths === 'string' ? [paths] : [...(paths ?? [])];
    if (list.length === 0 || list.some((p) => typeof p !== 'string' || !p)) {
      throw invalidOption('output', 'a file path or a non-empty list of paths', paths);
    }
    if (new Set(list).size !== list.length) throw invalidOption('output', 'distinct paths', list);
    const shards: Shard[] = [];
    try {
      for (const path of list) {
        const partial = `${path}.partial`;
        const handle = await open(partial, 'w');
        shards.push({ path, partial, handle, records: 0, bytes: 0, pending: [], pendingBytes: 0 });
      }
    } catch (e) {
      await Promise.all(
        shards.map(async (s) => {
          await s.handle.close();
          await rm(s.partial, { force: true });
        }),
      );
      throw new TrainingError('INVALID_INPUT', `cannot create TFRecord output: ${(e as Error).message}`);
    }
    return new TFRecordShardWriter(shards);
  }

  /** Appends one framed record (see `pretrainingRecord`) to the next shard. Await each call: writes to one file must not overlap. */
  async write(record: Uint8Array): Promise<void> {
    if (this.closed) throw new TrainingError('BAD_STATE', 'TFRecordShardWriter: write after close');
    const s = this.shards[this.next];
    this.next = (this.next + 1) % this.shards.length;
    s.pending.push(record);
    s.pendingBytes += record.length;
    s.records++;
    s.bytes += record.length;
    if (s.pendingBytes >= FLUSH_BYTES) await flush(s);
  }

  /** Records and bytes so far, per shard. */
  stats(): ShardStats[] {
    return this.shards.map(({ path, records, bytes }) => ({ path, records, bytes }));
  }

  /** Flushes, closes and renames every shard to its final name. */
  async close(): Promise<ShardStats[]> {
    if (this.closed) throw new TrainingError('BAD_STATE', 'TFRecordShardWriter: closed twice');
    this.closed = true;
    for (const s of this.shards) {
      await flush(s);
      await s.handle.close();
      await rename(s.partial, s.path);
    }
    return this.stats();
  }

  /** Closes and deletes the partial files (after a failure upstream). */
  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.shards) {
      await s.handle.close().catch(() => {});
      await rm(s.partial, { force: true });
    }
  }
}

async function flush(s: Shard): Promise<void> {
  if (s.pendingBytes === 0) return;
  const chunk = Buffer.concat(s.pending, s.pendingBytes);
  s.pending = [];
  s.pendingBytes = 0;
  await s.handle.write(chunk);
}
