import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { UsageError } from './util/errors.js';

export interface TensorEntry {
  name: string;
  dtype: string;
  shape: number[];
}

/**
 * Reads only the header of a safetensors file (names, dtypes, shapes) without loading the
 * weights, so `albert info` on a large checkpoint is instant. A malformed header is a usage error.
 */
export function readSafetensorsHeader(path: string): TensorEntry[] {
  const size = statSync(path).size;
  const fd = openSync(path, 'r');
  try {
    if (size < 8) throw new UsageError(`${path}: not a safetensors file (${size} bytes)`);
    const lenBuf = Buffer.alloc(8);
    readSync(fd, lenBuf, 0, 8, 0);
    const len = Number(lenBuf.readBigUInt64LE(0));
    if (len > size - 8 || len > 100 * 1024 * 1024) {
      throw new UsageError(
        `${path}: safetensors header length ${len} is past the end of the ${size}-byte file`,
      );
    }
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, 8);
    let header: Record<string, { dtype?: unknown; shape?: unknown }>;
    try {
      header = JSON.parse(buf.toString('utf8'));
    } catch {
      throw new UsageError(`${path}: safetensors header is not JSON`);
    }
    return Object.entries(header)
      .filter(([k]) => k !== '__metadata__')
      .map(([name, e]) => {
        if (!Array.isArray(e?.shape) || typeof e.dtype !== 'string') {
          throw new UsageError(`${path}: safetensors entry '${name}' has no dtype/shape`);
        }
        return { name, dtype: e.dtype, shape: e.shape as number[] };
      });
  } finally {
    closeSync(fd);
  }
}

export function numel(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
