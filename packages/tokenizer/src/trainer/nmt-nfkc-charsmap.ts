// The data is a generated asset beside this file (nmt-nfkc-charsmap.json, written by
// scripts/gen-nmt-nfkc-charsmap.mjs; not linted). A JSON module import works unchanged in Node
// (import attributes) and in bundlers (Vite, esbuild, Rollup, webpack inline it into this lazily
// loaded chunk), so no file-system or fetch path is needed in either.
import asset from './nmt-nfkc-charsmap.json' with { type: 'json' };

let cached: Uint8Array | undefined;

/** The precompiled charsmap of sentencepiece's `nmt_nfkc` rule (a fresh copy each call). */
export function nmtNfkcCharsmap(): Uint8Array {
  if (cached === undefined) {
    const bin = atob(asset.base64);
    cached = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) cached[i] = bin.charCodeAt(i);
  }
  return cached.slice();
}
