/**
 * Text carried through Hugging Face's AlbertTokenizer preprocessing with, for every UTF-16 unit, the
 * `[start, end)` span of the ORIGINAL text it came from. Each step mirrors one line of
 * `tokenization_albert.py` / `tokenization_utils.py`.
 */
import { isCombining, isPySpace } from '../unicode/python.js';

export interface Aligned {
  text: string;
  start: Int32Array;
  end: Int32Array;
}

export function alignedIdentity(text: string, offset = 0): Aligned {
  const n = text.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    start[i] = offset + i;
    end[i] = offset + i + 1;
  }
  // A surrogate pair is one character: both units span it.
  for (let i = 0; i + 1 < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        end[i] = offset + i + 2;
        start[i + 1] = offset + i;
        i++;
      }
    }
  }
  return { text, start, end };
}

/** Builds an Aligned string piece by piece. */
class Builder {
  private parts: string[] = [];
  private starts: number[] = [];
  private ends: number[] = [];

  push(s: string, start: number, end: number): void {
    this.parts.push(s);
    for (let k = 0; k < s.length; k++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }

  done(): Aligned {
    return {
      text: this.parts.join(''),
      start: Int32Array.from(this.starts),
      end: Int32Array.from(this.ends),
    };
  }
}

function cpLen(cp: number): number {
  return cp > 0xffff ? 2 : 1;
}

export function sliceAligned(a: Aligned, from: number, to: number): Aligned {
  return { text: a.text.slice(from, to), start: a.start.subarray(from, to), end: a.end.subarray(from, to) };
}

/**
 * `" ".join(text.strip().split())`: Python whitespace runs become one space (spanning the first
 * whitespace character of the run); leading and trailing whitespace goes.
 */
export function collapseWhitespace(a: Aligned): Aligned {
  const t = a.text;
  const b = new Builder();
  let i = 0;
  let pendingSpace = -1;
  let wrote = false;
  while (i < t.length) {
    const cp = t.codePointAt(i)!;
    const l = cpLen(cp);
    if (isPySpace(cp)) {
      if (pendingSpace < 0) pendingSpace = i;
    } else {
      if (pendingSpace >= 0 && wrote) b.push(' ', a.start[pendingSpace]!, a.end[pendingSpace]!);
      pendingSpace = -1;
      b.push(t.slice(i, i + l), a.start[i]!, a.end[i + l - 1]!);
      wrote = true;
    }
    i += l;
  }
  return b.done();
}

/** `.replace("``", '"').replace("''", '"')`. */
export function replaceQuotes(a: Aligned): Aligned {
  if (!a.text.includes('``') && !a.text.includes("''")) return a;
  return replacePair(replacePair(a, '`'), "'");
}

function replacePair(a: Aligned, ch: string): Aligned {
  const t = a.text;
  const b = new Builder();
  for (let i = 0; i < t.length; ) {
    if (t[i] === ch && t[i + 1] === ch) {
      b.push('"', a.start[i]!, a.end[i + 1]!);
      i += 2;
    } else {
      b.push(t[i]!, a.start[i]!, a.end[i]!);
      i++;
    }
  }
  return b.done();
}

/**
 * `unicodedata.normalize("NFKD", s)` then drop every character with a non-zero combining class.
 * Done per code point: NFKD only reorders marks of non-zero class, and those are all dropped.
 */
export function stripAccents(a: Aligned): Aligned {
  const t = a.text;
  let plain = true;
  for (let i = 0; i < t.length; i++) {
    if (t.charCodeAt(i) >= 0x80) {
      plain = false;
      break;
    }
  }
  if (plain) return a;
  const b = new Builder();
  for (let i = 0; i < t.length; ) {
    const cp = t.codePointAt(i)!;
    const l = cpLen(cp);
    const s = a.start[i]!;
    const e = a.end[i + l - 1]!;
    if (cp < 0x80) b.push(t[i]!, s, e);
    else {
      const d = t.slice(i, i + l).normalize('NFKD');
      for (let k = 0; k < d.length; ) {
        const dc = d.codePointAt(k)!;
        const dl = cpLen(dc);
        if (!isCombining(dc)) b.push(d.slice(k, k + dl), s, e);
        k += dl;
      }
    }
    i += l;
  }
  return b.done();
}

/**
 * Python `str.lower()` of the whole string. JS `toLowerCase` implements the same full mapping
 * (incl. final sigma, which keeps the length), so units are aligned by each character's own mapping.
 */
export function lowerWhole(a: Aligned): Aligned {
  const t = a.text;
  const lowered = t.toLowerCase();
  if (lowered.length === t.length) return { text: lowered, start: a.start, end: a.end };
  const b = new Builder();
  let o = 0;
  for (let i = 0; i < t.length; ) {
    const cp = t.codePointAt(i)!;
    const l = cpLen(cp);
    const n = t.slice(i, i + l).toLowerCase().length;
    b.push(lowered.slice(o, o + n), a.start[i]!, a.end[i + l - 1]!);
    o += n;
    i += l;
  }
  return b.done();
}

/**
 * The `do_lower_case` pass of `PreTrainedTokenizer.tokenize`: a regex that keeps special tokens and
 * lower-cases everything else ONE CHARACTER AT A TIME (so no final-sigma context).
 */
export function lowerExceptSpecial(a: Aligned, specials: string[]): Aligned {
  const t = a.text;
  const b = new Builder();
  const firsts = new Set(specials.map((s) => s.charCodeAt(0)));
  for (let i = 0; i < t.length; ) {
    let matched = '';
    if (firsts.has(t.charCodeAt(i))) {
      for (const s of specials) {
        if (t.startsWith(s, i)) {
          matched = s;
          break;
        }
      }
    }
    if (matched) {
      for (let k = 0; k < matched.length; k++) b.push(matched[k]!, a.start[i + k]!, a.end[i + k]!);
      i += matched.length;
      continue;
    }
    const cp = t.codePointAt(i)!;
    const l = cpLen(cp);
    const ch = t.slice(i, i + l);
    // Python's `.` does not match "\n"; lower("\n") is "\n" anyway.
    b.push(ch.toLowerCase(), a.start[i]!, a.end[i + l - 1]!);
    i += l;
  }
  return b.done();
}

/** Maps a span of the preprocessed text to the original text. */
export function mapSpan(p: Aligned, [s, e]: [number, number]): [number, number] {
  const n = p.text.length;
  if (s < e) return [p.start[s]!, p.end[e - 1]!];
  const at = s < n ? p.start[s]! : p.end[n - 1]!;
  return [at, at];
}
