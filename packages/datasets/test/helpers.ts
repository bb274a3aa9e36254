import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { DatasetError } from '../src/errors.js';

/** A temp folder removed after the test file; `write(name, text)` returns the path. */
export function tempFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'albert-datasets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name: string, content: string | Uint8Array): string {
      const path = join(dir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, content);
      return path;
    },
  };
}

/** Awaits a promise that must fail with a DatasetError; returns it. */
export async function datasetError(promise: Promise<unknown>): Promise<DatasetError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatasetError) return error;
    throw new Error(`expected a DatasetError, got ${String(error)}`);
  }
  throw new Error('expected a DatasetError, but nothing was thrown');
}

/** Splits a string into pieces at the given cut points (for chunk-boundary tests). */
export function cut<T extends { slice(a: number, b?: number): T; length: number }>(
  value: T,
  points: number[],
): T[] {
  const sorted = [...new Set(points.map((p) => Math.min(Math.max(p, 0), value.length)))].sort(
    (a, b) => a - b,
  );
  const out: T[] = [];
  let start = 0;
  for (const p of sorted) {
    out.push(value.slice(start, p));
    start = p;
  }
  out.push(value.slice(start));
  return out;
}
