import { HubError } from '@albert-ts/hub';
import { AlbertError } from '../errors.js';

/**
 * @albert-ts/hub throws HubError; core's callers catch AlbertError (same codes, same messages),
 * so every hub call core makes goes through here.
 */
export function asAlbertError(e: unknown): unknown {
  return e instanceof HubError ? new AlbertError(e.code, e.message, { cause: e }) : e;
}

export async function hubCall<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw asAlbertError(e);
  }
}
