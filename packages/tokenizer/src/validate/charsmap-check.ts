/**
 * The structure of a precompiled charsmap as sentencepiece's normalizer builder writes it
 * (`Builder::CompileCharsMap`): `<uint32 LE trie size><darts-clone units><string table>`, where
 * the table is the distinct replacement strings in byte order, each NUL-terminated, and every
 * trie leaf holds the table offset of one of them.
 *
 * sentencepiece itself only checks that the trie size fits the blob, so a damaged table or trie
 * silently changes normalization. Checked here: the size field, every reachable unit and leaf
 * inside the blob, the reachable trie free of cycles (a cycle would make each longest-match walk
 * run to the end of the input: quadratic time), every leaf at the start of a table string, every
 * table string referenced, and the strings strictly increasing (the builder sorts and dedups
 * them), which catches most byte flips inside the table.
 */
import { modelInvalid } from '../errors.js';

const offsetOf = (u: number): number => (u >>> 10) << ((u & 0x200) >>> 6);

export function checkCharsmap(blob: Uint8Array, where: string): void {
  const part = `${where}.precompiled_charsmap`;
  if (blob.length <= 4) {
    throw modelInvalid(part, 'a 4-byte trie size and a non-empty trie', `${blob.length} bytes (too short)`);
  }
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const trieSize = view.getUint32(0, true);
  if (trieSize === 0 || trieSize % 4 !== 0 || trieSize > blob.length - 4) {
    throw modelInvalid(
      `${part} trie size`,
      `a non-zero multiple of 4 that fits the ${blob.length - 4} bytes after it`,
      String(trieSize),
    );
  }
  const n = trieSize / 4;
  const units = new Int32Array(n);
  for (let i = 0; i < n; i++) units[i] = view.getInt32(4 + i * 4, true);
  const table = blob.subarray(4 + trieSize);
  const t = table.length;
  if (t === 0 || table[t - 1] !== 0) {
    throw modelInvalid(
      `${part} string table`,
      'NUL-terminated replacement strings after the trie',
      t === 0 ? 'no table' : `a table of ${t} bytes not ending in NUL`,
    );
  }
  // 1 = a string starts here, 2 = and a leaf points at it.
  const start = new Uint8Array(t);
  start[0] = 1;
  for (let i = 0; i < t - 1; i++) if (table[i] === 0) start[i + 1] = 1;

  // Depth-first over node bases (darts-clone built from a DAWG shares subtrees, so a base can be
  // reached twice; 1 = on the current path, 2 = done).
  const state = new Uint8Array(n);
  const stackBase: number[] = [offsetOf(units[0]!)];
  const stackNext: number[] = [1];
  while (stackBase.length > 0) {
    const top = stackBase.length - 1;
    const b = stackBase[top]!;
    let c = stackNext[top]!;
    if (c === 1 && b < n) state[b] = 1;
    let pushed = false;
    for (; c < 256; c++) {
      const q = b ^ c;
      if (q >= n) continue;
      const u = units[q]!;
      if ((u & 0x800000ff) !== c) continue;
      const child = q ^ offsetOf(u);
      if ((u >>> 8) & 1) {
        const leaf = child < n ? units[child]! : 0;
        if (child >= n || leaf >= 0) {
          throw modelInvalid(`${part} trie unit ${q}`, 'a leaf unit inside the trie', `unit ${child}`);
        }
        const off = leaf & 0x7fffffff;
        if (off >= t || start[off] === 0) {
          throw modelInvalid(
            `${part} trie leaf ${child}`,
            `the offset of a string in the ${t}-byte table`,
            off >= t ? `offset ${off} (outside the table)` : `offset ${off} (inside a string)`,
          );
        }
        start[off] = 2;
      }
      if (child < n && state[child] === 1) {
        throw modelInvalid(`${part} trie unit ${q}`, 'an acyclic trie', `a cycle back to unit ${child}`);
      }
      if (child < n && state[child] === 2) continue;
      stackNext[top] = c + 1;
      stackBase.push(child);
      stackNext.push(1);
      pushed = true;
      break;
    }
    if (!pushed) {
      if (b < n) state[b] = 2;
      stackBase.pop();
      stackNext.pop();
    }
  }

  let prev = -1;
  for (let i = 0; i < t; i++) {
    if (start[i] === 0) continue;
    if (start[i] === 1) {
      throw modelInvalid(
        `${part} string table`,
        'every string used by a trie leaf',
        `an unused string at ${i}`,
      );
    }
    if (prev >= 0 && compareAt(table, prev, i) >= 0) {
      throw modelInvalid(
        `${part} string table`,
        'distinct strings in increasing byte order',
        `the string at ${i} not after the one at ${prev}`,
      );
    }
    prev = i;
  }
}

/** Byte-wise comparison of the NUL-terminated strings at a and b (std::string order). */
function compareAt(table: Uint8Array, a: number, b: number): number {
  for (let i = a, j = b; ; i++, j++) {
    const x = table[i]!;
    const y = table[j]!;
    if (x !== y) return x - y;
    if (x === 0) return 0;
  }
}
