/**
 * `PreTrainedTokenizer.tokenize`'s split on special tokens (transformers 4.19): cut the text at
 * every special token (leftmost, longest), then strip whitespace next to them: a token declared as
 * `AddedToken(lstrip=True)` ([MASK]) strips the text on its left; the plain-string special tokens
 * ([CLS], [SEP], <unk>, <pad>) strip both neighbours.
 */
import { pyLstrip, pyRstrip } from '../unicode/python.js';
import { type Aligned, sliceAligned } from './aligned.js';

export interface SpecialTokenSpec {
  token: string;
  lstrip: boolean;
  rstrip: boolean;
}

export type Segment =
  | { special: true; token: string; start: number; end: number }
  | { special: false; text: Aligned };

export function splitOnSpecialTokens(a: Aligned, specials: SpecialTokenSpec[]): Segment[] {
  const t = a.text;
  const byLength = [...specials].sort((x, y) => y.token.length - x.token.length);
  const raw: Array<{ special: SpecialTokenSpec | null; from: number; to: number }> = [];
  let last = 0;
  for (let i = 0; i < t.length; ) {
    let hit: SpecialTokenSpec | null = null;
    for (const s of byLength) {
      if (t.startsWith(s.token, i)) {
        hit = s;
        break;
      }
    }
    if (hit === null) {
      i++;
      continue;
    }
    if (i > last) raw.push({ special: null, from: last, to: i });
    raw.push({ special: hit, from: i, to: i + hit.token.length });
    i += hit.token.length;
    last = i;
  }
  if (last < t.length) raw.push({ special: null, from: last, to: t.length });

  // Neighbour stripping, in order, on the (possibly already stripped) neighbours.
  const texts = raw.map((r) => (r.special ? null : t.slice(r.from, r.to)));
  const bounds = raw.map((r) => [r.from, r.to] as [number, number]);
  for (let i = 0; i < raw.length; i++) {
    const s = raw[i]!.special;
    if (!s) continue;
    const stripRight = s.rstrip;
    const stripLeft = s.lstrip;
    if (stripRight && i + 1 < raw.length && texts[i + 1]) {
      const before = texts[i + 1]!;
      const after = pyLstrip(before);
      bounds[i + 1]![0] += before.length - after.length;
      texts[i + 1] = after;
    }
    if (stripLeft && i > 0 && texts[i - 1]) {
      const before = texts[i - 1]!;
      const after = pyRstrip(before);
      bounds[i - 1]![1] -= before.length - after.length;
      texts[i - 1] = after;
    }
  }
  const out: Segment[] = [];
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i]!;
    const [from, to] = bounds[i]!;
    if (r.special) {
      out.push({ special: true, token: r.special.token, start: a.start[from]!, end: a.end[to - 1]! });
    } else if (to > from) {
      out.push({ special: false, text: sliceAligned(a, from, to) });
    }
  }
  return out;
}
