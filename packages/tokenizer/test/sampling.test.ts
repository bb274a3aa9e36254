// Subword regularization (optional in the issue): unigram sampling draws a segmentation with
// probability proportional to exp(alpha * total score); checked against brute-force enumeration of
// every segmentation of a short word into vocabulary pieces. BPE-dropout: alpha 0 is the plain BPE
// encoding, alpha 1 leaves single characters.
import { describe, expect, it } from 'vitest';
import { SentencePieceProcessor, TokenizerError } from '../src/index.js';
import { dataModel, fixtureSp } from './helpers.js';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every split of `s` into pieces of the vocabulary, with its summed score. */
function enumerate(sp: SentencePieceProcessor, s: string): Array<{ pieces: string[]; score: number }> {
  if (s === '') return [{ pieces: [], score: 0 }];
  const out: Array<{ pieces: string[]; score: number }> = [];
  const chars = [...s];
  for (let k = 1; k <= chars.length; k++) {
    const head = chars.slice(0, k).join('');
    const id = sp.pieceToId(head);
    if (sp.idToPiece(id) !== head || sp.isUnknown(id)) continue;
    for (const rest of enumerate(sp, chars.slice(k).join(''))) {
      out.push({ pieces: [head, ...rest.pieces], score: sp.getScore(id) + rest.score });
    }
  }
  return out;
}

describe('unigram sampling', () => {
  const sp = fixtureSp('brown-8k.model');

  it('matches exp(alpha * score) / Z over all segmentations of a word', () => {
    const word = 'thereby';
    const alpha = 0.5;
    const all = enumerate(sp, `\u2581${word}`);
    expect(all.length).toBeGreaterThan(10);
    const z = all.reduce((acc, x) => acc + Math.exp(alpha * x.score), 0);
    const expected = new Map(all.map((x) => [x.pieces.join(' '), Math.exp(alpha * x.score) / z]));
    const counts = new Map<string, number>();
    const random = seeded(1);
    const N = 4000;
    for (let i = 0; i < N; i++) {
      const key = sp.sampleEncodeAsPieces(word, { alpha, random }).join(' ');
      expect(expected.has(key)).toBe(true);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let tv = 0;
    for (const [key, p] of expected) tv += Math.abs((counts.get(key) ?? 0) / N - p);
    expect(tv / 2).toBeLessThan(0.04);
  });

  it('with a large alpha it returns the Viterbi segmentation; ids and pieces agree', () => {
    const random = seeded(2);
    for (const t of ['The jury said it did find that', 'naïve 1,000 [MASK] 🍕']) {
      expect(sp.sampleEncodeAsPieces(t, { alpha: 1000, random })).toEqual(sp.encodeAsPieces(t));
      const ids = sp.sampleEncodeAsIds(t, { alpha: 0.2, random });
      expect(sp.decodeIds(ids)).toBe(sp.decodeIds(sp.encodeAsIds(t)));
    }
  });
});

describe('BPE-dropout', () => {
  const sp = SentencePieceProcessor.fromBytes(dataModel('bpe-identity'));
  const text = 'The jury further said (in term-end presentments) [MASK] that';

  it('alpha 0 is the plain encoding, alpha 1 leaves characters and user-defined symbols', () => {
    expect(sp.sampleEncodeAsPieces(text, { alpha: 0 })).toEqual(sp.encodeAsPieces(text));
    const chars = sp.sampleEncodeAsPieces(text, { alpha: 1 });
    expect(chars).toContain('[MASK]');
    expect(chars.filter((p) => p !== '[MASK]').every((p) => [...p].length === 1)).toBe(true);
    const some = sp.sampleEncodeAsPieces(text, { alpha: 0.3, random: seeded(3) });
    expect(sp.decodePieces(some)).toBe(sp.decodePieces(sp.encodeAsPieces(text)));
  });

  it('CHAR models cannot sample; bad options are rejected', () => {
    const char = SentencePieceProcessor.fromBytes(dataModel('char-identity'));
    expect(() => char.sampleEncodeAsIds('abc')).toThrow(TokenizerError);
    expect(() => sp.sampleEncodeAsIds('abc', { alpha: Number.NaN })).toThrow(/alpha/);
  });
});
