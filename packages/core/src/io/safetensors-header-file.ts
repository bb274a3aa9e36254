import { open } from 'node:fs/promises';
import { AlbertError, SafetensorsError } from '../errors.js';
import { MAX_HEADER_BYTES, parseSafetensorsHeader, type SafetensorsHeader } from './safetensors.js';

/** One tensor as a safetensors header lists it. */
export interface SafetensorsTensorInfo {
  name: string;
  dtype: string;
  shape: number[];
}

/**
 * Reads only the header of a safetensors file (names, dtypes, shapes, byte ranges) without
 * reading the weights, so listing a multi-gigabyte checkpoint is instant. The header gets the same
 * checks as a full read (ranges checked against the file's size); errors are `SafetensorsError`s
 * that name the file.
 */
export async function readSafetensorsHeader(path: string): Promise<SafetensorsHeader> {
  let fh: Awaited<ReturnType<typeof open>>;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new AlbertError('IO', `cannot read ${path}: ${(e as Error).message}`, { cause: e });
  }
  try {
    const size = (await fh.stat()).size;
    const len = new Uint8Array(8);
    await fh.read(len, 0, Math.min(8, size), 0);
    const dv = new DataView(len.buffer);
    const n = dv.getUint32(4, true) * 4294967296 + dv.getUint32(0, true);
    // Read no more than the file holds and the format allows; the parser reports what is wrong.
    const head = new Uint8Array(8 + Math.max(0, Math.min(n, size - 8, MAX_HEADER_BYTES)));
    head.set(len);
    if (head.byteLength > 8) await fh.read(head, 8, head.byteLength - 8, 8);
    return parseSafetensorsHeader(head, size);
  } catch (e) {
    if (e instanceof SafetensorsError)
      throw new SafetensorsError(e.problem, `${path}: ${e.message.replace(/^safetensors: /, '')}`);
    throw e;
  } finally {
    await fh.close();
  }
}

/** The tensors of a safetensors file in header order, read as {@link readSafetensorsHeader} does. */
export async function listSafetensors(path: string): Promise<SafetensorsTensorInfo[]> {
  const { tensors } = await readSafetensorsHeader(path);
  return [...tensors].map(([name, e]) => ({ name, dtype: e.dtype, shape: e.shape }));
}
