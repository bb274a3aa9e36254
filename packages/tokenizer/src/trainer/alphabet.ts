import { isDecimalNumber, SCRIPT_INHERITED, scriptOf } from './unicode-script.js';

/** U+2581, the escaped whitespace of SentencePiece. */
export const WS_CHAR = 0x2581;
/** U+2585, what sentencepiece puts in place of characters outside the character coverage. */
export const UNK_CHAR = 0x2585;
/** Tab: sentencepiece replaces meta symbols (`[CLS]`, `<unk>`, ...) found in the text by it. */
export const META_BOUNDARY_CHAR = 0x09;

/** What a symbol may do inside a piece. */
const Kind = { Normal: 0, Whitespace: 1, Forbidden: 2 } as const;

/**
 * The training corpus as dense integer symbols: symbol 0 is the sentence boundary, the others are
 * code points in code-point order (so sorting symbols sorts code points), each with the properties
 * the piece rules need precomputed.
 */
export class Alphabet {
  /** Symbol → code point (symbol 0 → 0, the boundary). */
  readonly codePoints: Int32Array;
  /** Symbol → script id. */
  readonly scripts: Int32Array;
  readonly kinds: Uint8Array;
  readonly isNumber: Uint8Array;
  private readonly index = new Map<number, number>();

  /** `codePoints` must not contain 0; they are sorted here. */
  constructor(codePoints: Iterable<number>) {
    const cps = Array.from(new Set(codePoints))
      .filter((c) => c !== 0)
      .sort((a, b) => a - b);
    const n = cps.length + 1;
    this.codePoints = new Int32Array(n);
    this.scripts = new Int32Array(n);
    this.kinds = new Uint8Array(n);
    this.isNumber = new Uint8Array(n);
    this.kinds[0] = Kind.Forbidden;
    for (let i = 0; i < cps.length; i++) {
      const cp = cps[i]!;
      const sym = i + 1;
      this.codePoints[sym] = cp;
      this.index.set(cp, sym);
      this.scripts[sym] = scriptOf(cp);
      this.isNumber[sym] = isDecimalNumber(cp) ? 1 : 0;
      this.kinds[sym] =
        cp === WS_CHAR
          ? Kind.Whitespace
          : cp === UNK_CHAR || cp === META_BOUNDARY_CHAR || cp === 0x20 || (cp >= 0xd800 && cp < 0xe000)
            ? Kind.Forbidden
            : Kind.Normal;
    }
  }

  get size(): number {
    return this.codePoints.length;
  }

  /** The symbol of a code point, or -1 when it is not in the alphabet. */
  symbolOf(cp: number): number {
    return this.index.get(cp) ?? -1;
  }

  isWhitespace(sym: number): boolean {
    return this.kinds[sym] === Kind.Whitespace;
  }

  isForbidden(sym: number): boolean {
    return this.kinds[sym] === Kind.Forbidden;
  }

  /** The text of `symbols[start, start + len)`. */
  text(symbols: ArrayLike<number>, start: number, len: number): string {
    let s = '';
    for (let i = start; i < start + len; i++) s += String.fromCodePoint(this.codePoints[symbols[i]]);
    return s;
  }
}

export interface PieceRules {
  maxPieceLength: number;
  splitByWhitespace: boolean;
  splitByUnicodeScript: boolean;
  splitByNumber: boolean;
  splitDigits: boolean;
}

const ANY_SCRIPT = -1;

/**
 * Whether `symbols[start, start + len)` may become a piece (sentencepiece's IsValidSentencePiece):
 * not too long, no boundary/unknown/tab characters, `▁` only as the first character when splitting
 * by whitespace (never last otherwise), and one Unicode script per piece (digits are their own
 * class unless `splitByNumber` is off; combining marks take the script of what precedes them).
 */
export function isValidPiece(
  alphabet: Alphabet,
  rules: PieceRules,
  symbols: ArrayLike<number>,
  start: number,
  len: number,
): boolean {
  if (len <= 0 || len > rules.maxPieceLength) return false;
  let prev = ANY_SCRIPT;
  for (let pos = 0; pos < len; pos++) {
    const sym = symbols[start + pos];
    const kind = alphabet.kinds[sym];
    if (kind === Kind.Forbidden) return false;
    if (kind === Kind.Whitespace) {
      if (rules.splitByWhitespace ? pos > 0 : pos > 0 && pos === len - 1) return false;
      continue;
    }
    let s = alphabet.scripts[sym];
    if (s === SCRIPT_INHERITED) s = prev;
    const num = alphabet.isNumber[sym] === 1;
    if (num && !rules.splitByNumber) s = ANY_SCRIPT;
    if (num && rules.splitDigits && len > 1) return false;
    if (rules.splitByUnicodeScript && s !== ANY_SCRIPT && prev !== ANY_SCRIPT && prev !== s) return false;
    prev = s;
  }
  return true;
}
