/**
 * A double-array trie over byte strings (the structure sentencepiece uses for its pieces, built
 * here at load time). Node 0 is the root; the child of node `s` by byte `c` is `t = base[s] + c`
 * when `check[t] === s`; `value[t]` is the key's value or -1. The arrays are padded by 256 cells so
 * a transition never reads past their end.
 */

const FREE = -1;

export class DoubleArrayTrie {
  constructor(
    readonly base: Int32Array,
    readonly check: Int32Array,
    readonly value: Int32Array,
  ) {}

  /**
   * Builds from unique keys and their non-negative values. No upfront sort: the builder buckets
   * keys by their next byte at every node (an MSD radix sort fused with the construction).
   */
  static build(keys: Uint8Array[], values: Int32Array | number[]): DoubleArrayTrie {
    return new Builder(keys, values).run();
  }

  /** The node reached from `node` by `byte`, or -1. */
  next(node: number, byte: number): number {
    const t = this.base[node]! + byte;
    return this.check[t] === node ? t : -1;
  }

  /** The value stored for exactly `key`, or -1. */
  get(key: Uint8Array): number {
    let node = 0;
    for (let i = 0; i < key.length; i++) {
      const t = this.base[node]! + key[i]!;
      if (this.check[t] !== node) return -1;
      node = t;
    }
    return this.value[node]!;
  }

  /** Longest key that is a prefix of bytes[pos..end): its byte length (0 when none). */
  longestPrefix(bytes: Uint8Array, pos: number, end: number): number {
    const { base, check, value } = this;
    let node = 0;
    let best = 0;
    for (let i = pos; i < end; i++) {
      const t = base[node]! + bytes[i]!;
      if (check[t] !== node) break;
      node = t;
      if (value[t]! >= 0) best = i + 1 - pos;
    }
    return best;
  }
}

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

class Builder {
  private base: Int32Array;
  private check: Int32Array;
  private value: Int32Array;
  private maxUsed = 0;

  constructor(
    private readonly keys: Uint8Array[],
    private readonly values: Int32Array | number[],
  ) {
    // Nodes <= total key bytes + 1; the base search needs 256 cells of slack past the last node.
    let bytes = 0;
    for (const k of keys) bytes += k.length;
    const cap = Math.max(1024, Math.ceil(bytes * 1.25) + 512);
    this.base = new Int32Array(cap);
    this.check = new Int32Array(cap).fill(FREE);
    this.value = new Int32Array(cap).fill(-1);
    this.check[0] = -2; // root is occupied
  }

  private grow(min: number): void {
    const old = this.base.length;
    if (min < old) return;
    let cap = old * 2;
    while (cap <= min) cap *= 2;
    const resize = (a: Int32Array, fill: number) => {
      const b = new Int32Array(cap).fill(fill);
      b.set(a);
      return b;
    };
    this.base = resize(this.base, 0);
    this.check = resize(this.check, FREE);
    this.value = resize(this.value, -1);
  }

  private occupy(pos: number, parent: number): void {
    this.check[pos] = parent;
    if (pos > this.maxUsed) this.maxUsed = pos;
  }

  private nextCheckPos = 1;

  /**
   * First-fit base search (darts' heuristic): scan free cells from `nextCheckPos`, and move that
   * mark forward once the region behind it is at least 95% occupied.
   */
  private findBase(labels: number[], nLabels: number): number {
    const first = labels[0]!;
    let pos = Math.max(first + 1, this.nextCheckPos) - 1;
    let nonzero = 0;
    let firstFree = true;
    let check = this.check;
    let limit = check.length - 256;
    for (;;) {
      pos++;
      if (pos >= limit) {
        this.grow(pos + 512);
        check = this.check;
        limit = check.length - 256;
      }
      if (check[pos] !== FREE) {
        nonzero++;
        continue;
      }
      if (firstFree) {
        this.nextCheckPos = pos;
        firstFree = false;
      }
      const b = pos - first;
      let ok = true;
      for (let i = 1; i < nLabels; i++) {
        if (check[b + labels[i]!] !== FREE) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      if (nonzero / (pos - this.nextCheckPos + 1) >= 0.95) this.nextCheckPos = pos;
      return b;
    }
  }

  run(): DoubleArrayTrie {
    const keys = this.keys;
    const n = keys.length;
    const idx = new Int32Array(n);
    const tmp = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    const count = new Int32Array(256);
    const offset = new Int32Array(256);
    // Explicit stack of (node, lo, hi, depth).
    let stack = new Int32Array(1024);
    let sp = 0;
    const push = (node: number, lo: number, hi: number, depth: number) => {
      if (sp + 4 > stack.length) {
        const s2 = new Int32Array(stack.length * 2);
        s2.set(stack);
        stack = s2;
      }
      stack[sp++] = node;
      stack[sp++] = lo;
      stack[sp++] = hi;
      stack[sp++] = depth;
    };
    push(0, 0, n, 0);
    const labels = new Int32Array(256) as unknown as number[];
    let nLabels = 0;
    const keyValues = this.values;
    while (sp > 0) {
      const depth = stack[--sp]!;
      const hi = stack[--sp]!;
      const lo = stack[--sp]!;
      const node = stack[--sp]!;
      nLabels = 0;
      for (let i = lo; i < hi; i++) {
        const key = keys[idx[i]!]!;
        if (key.length === depth) {
          this.value[node] = keyValues[idx[i]!]!;
          continue;
        }
        const c = key[depth]!;
        if (count[c] === 0) labels[nLabels++] = c;
        count[c]!++;
      }
      if (nLabels === 0) continue;
      if (nLabels > 1) (labels as unknown as Int32Array).subarray(0, nLabels).sort();
      // Bucket the keys (those ending here are dropped from the range).
      let o = lo;
      for (let k = 0; k < nLabels; k++) {
        const c = labels[k]!;
        offset[c] = o;
        o += count[c]!;
      }
      const childHi = o;
      for (let i = lo; i < hi; i++) {
        const key = keys[idx[i]!]!;
        if (key.length === depth) continue;
        tmp[offset[key[depth]!]!++] = idx[i]!;
      }
      for (let i = lo; i < childHi; i++) idx[i] = tmp[i]!;
      const b = this.findBase(labels, nLabels);
      this.base[node] = b;
      let from = lo;
      for (let k = 0; k < nLabels; k++) {
        const c = labels[k]!;
        const child = b + c;
        this.occupy(child, node);
        push(child, from, from + count[c]!, depth + 1);
        from += count[c]!;
        count[c] = 0;
      }
    }
    const size = this.maxUsed + 257;
    this.grow(size);
    return new DoubleArrayTrie(
      this.base.slice(0, size),
      this.check.slice(0, size),
      this.value.slice(0, size),
    );
  }
}
