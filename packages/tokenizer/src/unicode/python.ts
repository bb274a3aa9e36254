/**
 * The bits of Python's `str` semantics that Hugging Face's slow AlbertTokenizer relies on, so the
 * same text gives the same tokens: `str.isspace` (strip / split / lstrip / rstrip), `str.isdigit`
 * and `unicodedata.combining`.
 */

/** Python `str.isspace()` for one code point (bidi WS/B/S or category Zs). */
export function isPySpace(cp: number): boolean {
  if (cp <= 0x20) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d) || (cp >= 0x1c && cp <= 0x1f);
  if (cp < 0x85) return false;
  return (
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

/** Python `str.rstrip()` (whitespace only). */
export function pyRstrip(s: string): string {
  let e = s.length;
  while (e > 0 && isPySpace(s.charCodeAt(e - 1))) e--;
  return s.slice(0, e);
}

/** Python `str.lstrip()` (whitespace only). */
export function pyLstrip(s: string): string {
  let b = 0;
  while (b < s.length && isPySpace(s.charCodeAt(b))) b++;
  return s.slice(b);
}

const ND = /^\p{Nd}$/u;
/** Code points with Numeric_Type=Digit that are not decimal digits (Python counts them as digits). */
const DIGIT_RANGES: Array<[number, number]> = [
  [0xb2, 0xb3],
  [0xb9, 0xb9],
  [0x1369, 0x1371],
  [0x19da, 0x19da],
  [0x2070, 0x2070],
  [0x2074, 0x2079],
  [0x2080, 0x2089],
  [0x2460, 0x2468],
  [0x2474, 0x247c],
  [0x2488, 0x2490],
  [0x24ea, 0x24ea],
  [0x24f5, 0x24fd],
  [0x24ff, 0x24ff],
  [0x2776, 0x277e],
  [0x2780, 0x2788],
  [0x278a, 0x2792],
  [0x10a40, 0x10a43],
  [0x10e60, 0x10e68],
  [0x11052, 0x1105a],
  [0x1f100, 0x1f10a],
];

/** Python `str.isdigit()` for one code point. */
export function isPyDigit(cp: number): boolean {
  if (cp >= 0x30 && cp <= 0x39) return true;
  if (cp < 0x80) return false;
  for (const [a, b] of DIGIT_RANGES) if (cp >= a && cp <= b) return true;
  return ND.test(String.fromCodePoint(cp));
}

const MARK = /^\p{M}$/u;
const combiningCache = new Map<number, boolean>();

/**
 * Python `unicodedata.combining(c) != 0` (canonical combining class non-zero). JS has no table for
 * it, so it is probed with canonical reordering: NFD puts a mark of class c > 0 after U+0334
 * (class 1) or before U+0345 (class 240). Only marks (\p{M}) can have a non-zero class, and the
 * cache is bounded by their number.
 */
export function isCombining(cp: number): boolean {
  if (cp < 0x300) return false;
  const hit = combiningCache.get(cp);
  if (hit !== undefined) return hit;
  const c = String.fromCodePoint(cp);
  if (!MARK.test(c)) return false;
  const base = c.normalize('NFD');
  // Canonically decomposable marks: the probe would see their last component; of them only
  // U+0340, U+0341, U+0343 and U+0344 have a non-zero class. (NFKD output never contains them.)
  const result =
    base !== c
      ? cp === 0x340 || cp === 0x341 || cp === 0x343 || cp === 0x344
      : (c + '\u0334').normalize('NFD') !== base + '\u0334' ||
        ('\u0345' + c).normalize('NFD') !== '\u0345' + base;
  combiningCache.set(cp, result);
  return result;
}
