import { TokenizerError } from '../errors.js';
import { Alphabet, META_BOUNDARY_CHAR, UNK_CHAR, WS_CHAR } from './alphabet.js';

export interface LoadOptions {
  /** The model's normalizer: text → normalized text with whitespace escaped as `▁`. */
  normalize: (text: string) => string;
  /** Meta pieces (`<unk>`, control and user-defined symbols); found in the normalized text, they become a tab. */
  metaPieces: readonly string[];
  /** Lines longer than this many UTF-8 bytes are skipped (sentencepiece's max_sentence_length). */
  maxSentenceLength: number;
  /** Called every 10,000 lines with the number of lines read so far. */
  onLine?: (linesRead: number) => void;
}

export interface LoadStats {
  linesRead: number;
  skippedTooLong: number;
  skippedReservedChar: number;
  skippedEmpty: number;
}

/**
 * Reads, filters and normalizes the training sentences as sentencepiece's LoadSentences does, and
 * hands each normalized sentence to `sink` (nothing is kept here, so memory does not grow with the
 * corpus).
 */
export async function loadSentences(
  source: Iterable<string> | AsyncIterable<string>,
  opts: LoadOptions,
  sink: (normalized: string) => void,
): Promise<LoadStats> {
  if (
    source === null ||
    typeof source !== 'object' ||
    !(Symbol.iterator in source || Symbol.asyncIterator in source)
  ) {
    throw new TokenizerError(
      'INVALID_INPUT',
      'trainUnigram: sentences must be an Iterable or AsyncIterable of strings',
    );
  }
  const stats: LoadStats = { linesRead: 0, skippedTooLong: 0, skippedReservedChar: 0, skippedEmpty: 0 };
  const metas = opts.metaPieces.filter((m) => m.length > 0);
  const unkStr = String.fromCodePoint(UNK_CHAR);

  const take = (line: unknown): void => {
    if (typeof line !== 'string') {
      throw new TokenizerError(
        'INVALID_INPUT',
        `trainUnigram: sentence #${stats.linesRead} is ${line === null ? 'null' : typeof line}, expected a string`,
      );
    }
    stats.linesRead++;
    if (line.length === 0) return;
    if (utf8Length(line) > opts.maxSentenceLength) {
      stats.skippedTooLong++;
      return;
    }
    if (line.includes(unkStr)) {
      stats.skippedReservedChar++;
      return;
    }
    let normalized = opts.normalize(line);
    if (metas.length > 0) normalized = replaceMetaPieces(normalized, metas);
    if (normalized.length === 0) {
      stats.skippedEmpty++;
      return;
    }
    sink(normalized);
    if (opts.onLine && stats.linesRead % 10000 === 0) opts.onLine(stats.linesRead);
  };

  if (Symbol.asyncIterator in source) {
    for await (const line of source as AsyncIterable<unknown>) take(line);
  } else {
    for (const line of source as Iterable<unknown>) take(line);
  }
  return stats;
}

/** Replaces each leftmost-longest occurrence of a meta piece by a tab, which no piece may contain. */
function replaceMetaPieces(text: string, metas: readonly string[]): string {
  if (!metas.some((m) => text.includes(m))) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    let best = 0;
    for (const m of metas) if (m.length > best && text.startsWith(m, i)) best = m.length;
    if (best > 0) {
      out += '\t';
      i += best;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** The training data after character selection. */
export interface TrainingData {
  alphabet: Alphabet;
  /** Occurrences of each symbol in the corpus (after rare characters became U+2585). */
  charCounts: Float64Array;
  /** Symbols that must be in the vocabulary, most frequent first (ties by code point). */
  requiredChars: number[];
  /** Fraction of character occurrences the required characters cover. */
  coverage: number;
  words: WordSet;
}

/** What follows a word in the corpus: another word (`▁`) and/or the end of the sentence. */
export const FOLLOWED_BY_WORD = 1;
export const FOLLOWED_BY_END = 2;

/**
 * Distinct words (whole sentences when not splitting by whitespace) as symbols, with how often
 * each occurs and what follows it (`FOLLOWED_BY_*` bits).
 */
export interface WordSet {
  count: number;
  symbols: Int32Array;
  offsets: Int32Array;
  freq: Float64Array;
  followers: Uint8Array;
  maxLength: number;
}

const WS_STR = String.fromCodePoint(WS_CHAR);

/**
 * Counts characters and words of the normalized sentences as they stream in. Words are split before
 * every `▁`, as sentencepiece's SplitIntoWords does (whole sentences when not splitting).
 */
export class CorpusCounter {
  readonly bmp = new Float64Array(0x10000);
  readonly astral = new Map<number, number>();
  total = 0;
  sentences = 0;
  private readonly wordIndex = new Map<string, number>();
  readonly wordText: string[] = [];
  readonly freqs: number[] = [];
  readonly follow: number[] = [];

  constructor(readonly splitByWhitespace: boolean) {}

  add(s: string): void {
    this.sentences++;
    const bmp = this.bmp;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
        const cp = s.codePointAt(i)!;
        if (cp > 0xffff) {
          this.astral.set(cp, (this.astral.get(cp) ?? 0) + 1);
          i++;
          this.total++;
          continue;
        }
      }
      bmp[c]++;
      this.total++;
    }
    if (!this.splitByWhitespace) {
      this.addWord(s, FOLLOWED_BY_END);
      return;
    }
    let start = 0;
    for (;;) {
      const next = s.indexOf(WS_STR, start + 1);
      if (next < 0) {
        this.addWord(s.slice(start), FOLLOWED_BY_END);
        break;
      }
      this.addWord(s.slice(start, next), FOLLOWED_BY_WORD);
      start = next;
    }
  }

  private addWord(w: string, followedBy: number): void {
    const id = this.wordIndex.get(w);
    if (id === undefined) {
      this.wordIndex.set(w, this.wordText.length);
      this.wordText.push(w);
      this.freqs.push(1);
      this.follow.push(followedBy);
    } else {
      this.freqs[id]!++;
      this.follow[id]! |= followedBy;
    }
  }
}

/**
 * Picks the required characters by `characterCoverage` (the others become U+2585, as sentencepiece
 * does before it splits sentences into words, which is the same as doing it per word) and lays the
 * distinct words out as symbols.
 */
export function prepareTrainingData(counter: CorpusCounter, characterCoverage: number): TrainingData {
  const { bmp, astral, total, wordText, freqs, follow } = counter;
  const byFreq: Array<[number, number]> = [];
  for (let c = 0; c < 0x10000; c++) if (bmp[c] > 0) byFreq.push([c, bmp[c]]);
  for (const e of astral) byFreq.push(e);
  byFreq.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const required = new Set<number>();
  const requiredList: number[] = [];
  let accumulated = 0;
  for (const [cp, c] of byFreq) {
    if (accumulated / total >= characterCoverage) break;
    accumulated += c;
    if (cp === META_BOUNDARY_CHAR) continue;
    required.add(cp);
    requiredList.push(cp);
  }
  const coverage = total > 0 ? accumulated / total : 1;

  const anyRare = byFreq.some(([cp]) => !required.has(cp) && cp !== META_BOUNDARY_CHAR);
  const alphabetCps = new Set<number>(required);
  if (anyRare) alphabetCps.add(UNK_CHAR);
  if (bmp[META_BOUNDARY_CHAR] > 0) alphabetCps.add(META_BOUNDARY_CHAR);
  const alphabet = new Alphabet(alphabetCps);
  const unkSym = anyRare ? alphabet.symbolOf(UNK_CHAR) : -1;
  const symOf = new Map<number, number>();
  for (const [cp] of byFreq) {
    const sym = alphabet.symbolOf(cp);
    symOf.set(cp, sym >= 0 ? sym : unkSym);
  }

  const count = wordText.length;
  let totalLength = 0;
  for (const w of wordText) totalLength += w.length; // UTF-16 units >= code points
  const symbols = new Int32Array(totalLength);
  const offsets = new Int32Array(count + 1);
  const charCounts = new Float64Array(alphabet.size);
  let o = 0;
  let maxLength = 0;
  for (let id = 0; id < count; id++) {
    offsets[id] = o;
    const f = freqs[id]!;
    for (const ch of wordText[id]!) {
      const sym = symOf.get(ch.codePointAt(0)!)!;
      symbols[o++] = sym;
      charCounts[sym] += f;
    }
    if (o - offsets[id] > maxLength) maxLength = o - offsets[id];
  }
  offsets[count] = o;
  return {
    alphabet,
    charCounts,
    requiredChars: requiredList.map((cp) => alphabet.symbolOf(cp)),
    coverage,
    words: {
      count,
      symbols: symbols.slice(0, o),
      offsets,
      freq: Float64Array.from(freqs),
      followers: Uint8Array.from(follow),
      maxLength,
    },
  };
}
