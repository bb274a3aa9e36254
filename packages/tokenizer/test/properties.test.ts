// Acceptance 2: property tests on random Unicode text (lone surrogates, combining marks, controls,
// private use, whitespace of every kind, special-token strings, and one 100 kB string).
//
// "Normalised input" is defined precisely as N(x) = sp.normalize(x): sentencepiece's own
// normalization (the model's charsmap, whitespace collapsed, U+2581 for spaces, the dummy prefix);
// lone surrogates count as U+FFFD, as they do on their way into UTF-8. For the ALBERT tokenizer it is
// tok.normalize(x): the do_lower_case pass and HF's preprocess_text before N. The decoded text of a
// normalised string is D(n) = n without its first U+2581 (the dummy prefix), with U+2581 -> " ".
//
// Checked: encoding never throws; decodePieces(encodeAsPieces(x)) === D(N(x)); decodeIds of the ids
// equals decodePieces of the pieces once unknown pieces are written as "<unk>" (the ids carry no
// text for them); offsets are non-decreasing and inside the text; and slicing the original text by
// the offsets and normalising again gives the pieces' text, modulo U+2581. Pieces that split one
// normalization unit (e.g. "½" -> "1⁄2") share that unit's span, so the slice check is made on
// each run of tokens whose spans overlap.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AlbertTokenizer, SentencePieceProcessor } from '../src/index.js';
import { fixtureAlbert, fixtureSp } from './helpers.js';

const SPECIAL_CHARS = [
  0x0, 0x7, 0x9, 0xa, 0xd, 0x1b, 0x1c, 0x20, 0x7f, 0x85, 0xa0, 0xad, 0x2581, 0x200b, 0x200d, 0x2028, 0x3000,
  0xfeff, 0xfffd, 0xe000, 0xf8ff, 0x10ffff, 0xd800, 0xdbff, 0xdc00, 0x300, 0x301, 0x308, 0x327, 0x345, 0x20dd,
  0x1f3fd, 0xff0c, 0xbd, 0x2460, 0xfb01, 0x2122, 0x3392, 0x1d518, 0x2163,
];
const FRAGMENTS = [
  '[MASK]',
  '[CLS]',
  '[SEP]',
  '<unk>',
  '<pad>',
  '``',
  "''",
  '9,',
  '1,000,',
  ' ',
  '  ',
  '\t',
  'ΣΑΣ ',
  'İ',
];

const unit = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcXYZ 019,.-\'"`()[]éüß'.split('')) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(...SPECIAL_CHARS)
      .map((c) =>
        String.fromCharCode(
          ...(c > 0xffff ? [0xd800 + ((c - 0x10000) >> 10), 0xdc00 + ((c - 0x10000) & 0x3ff)] : [c]),
        ),
      ),
  },
  { weight: 2, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0x300, max: 0x36f }).map((c) => String.fromCharCode(c)) },
);
const text = fc.array(unit, { maxLength: 40 }).map((a) => a.join(''));
const RUNS = 150;

const stripMeta = (s: string) => s.replace(/\u2581/g, '');
const decoded = (n: string) => n.replace(/^\u2581/, '').replace(/\u2581/g, ' ');

function checkOffsets(x: string, offsets: Array<[number, number]>): void {
  let prev: [number, number] = [0, 0];
  const bad: Array<[number, number]> = [];
  for (const [s, e] of offsets) {
    if (!(0 <= s && s <= e && e <= x.length) || s < prev[0] || e < prev[1]) bad.push([s, e]);
    prev = [s, e];
  }
  expect(bad).toEqual([]);
}

/** Runs of consecutive tokens whose spans overlap; tokens with an empty span are returned alone. */
function groups(offsets: Array<[number, number]>): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < offsets.length; i++) {
    const last = out[out.length - 1];
    const [s, e] = offsets[i]!;
    if (last && s < e) {
      const j = last[last.length - 1]!;
      const [, pe] = offsets[j]!;
      if (s < pe && offsets[j]![0] < offsets[j]![1]) {
        last.push(i);
        continue;
      }
    }
    out.push([i]);
  }
  return out;
}

function checkSlices(
  x: string,
  pieces: string[],
  offsets: Array<[number, number]>,
  norm: (s: string) => string,
): void {
  for (const g of groups(offsets)) {
    const s = offsets[g[0]!]![0];
    const e = Math.max(...g.map((i) => offsets[i]![1]));
    const text = stripMeta(g.map((i) => pieces[i]).join(''));
    if (s === e) {
      expect(text).toBe('');
      continue;
    }
    expect(stripMeta(norm(x.slice(s, e)))).toBe(text);
  }
}

describe.each(['30k-clean.model', 'albert-en-30k-reconstructed.model', 'brown-8k.model'])(
  'SentencePieceProcessor %s',
  (model) => {
    const sp: SentencePieceProcessor = fixtureSp(model);
    const asUnk = (pieces: string[], ids: number[]) =>
      pieces.map((p, i) => (sp.isUnknown(ids[i]!) ? '<unk>' : p));

    it('decodePieces(encodeAsPieces(x)) is the normalised input; ids decode consistently', () => {
      fc.assert(
        fc.property(text, (x) => {
          const pieces = sp.encodeAsPieces(x);
          const ids = sp.encodeAsIds(x);
          expect(ids.length).toBe(pieces.length);
          expect(sp.decodePieces(pieces)).toBe(decoded(sp.normalize(x)));
          expect(sp.decodeIds(ids)).toBe(sp.decodePieces(asUnk(pieces, ids)));
        }),
        { numRuns: RUNS },
      );
    });

    it('offsets are monotone, inside the text, and re-normalise to the pieces', () => {
      fc.assert(
        fc.property(text, (x) => {
          const { pieces, offsets } = sp.encode(x);
          checkOffsets(x, offsets);
          checkSlices(x, pieces, offsets, (s) => sp.normalize(s));
        }),
        { numRuns: RUNS },
      );
    });
  },
);

describe('AlbertTokenizer (albert-en-30k-reconstructed)', () => {
  const tok: AlbertTokenizer = fixtureAlbert('albert-en-30k-reconstructed.model');
  const specials = new Set(['[CLS]', '[SEP]', '[MASK]', '<unk>', '<pad>']);

  it('tokenize never throws; pieces decode to the normalised input when x has no special token', () => {
    fc.assert(
      fc.property(text, (x) => {
        const tokens = tok.tokenize(x);
        if ([...specials].some((s) => x.includes(s))) return;
        expect(tok.sp.decodePieces(tokens)).toBe(decoded(tok.normalize(x)));
      }),
      { numRuns: RUNS },
    );
  });

  it('encode / decode of pairs: skipSpecialTokens drops exactly the special ids', () => {
    fc.assert(
      fc.property(text, text, (x, y) => {
        const e = tok.encode(x, y, { returnOffsets: true });
        expect(e.inputIds.length).toBe(e.offsets!.length);
        const kept = tok.convertIdsToTokens(e.inputIds).filter((t) => !specials.has(t));
        expect(tok.decode(e.inputIds, { skipSpecialTokens: true, style: 'v4.19' })).toBe(
          tok.sp.decodePieces(kept),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('offsets are monotone, inside the ORIGINAL text, and re-normalise to the tokens', () => {
    fc.assert(
      fc.property(text, (x) => {
        const { tokens, offsets } = tok.tokenizeWithOffsets(x);
        checkOffsets(x, offsets);
        tokens.forEach((t, i) => {
          if (specials.has(t)) expect(x.slice(...offsets[i]!)).toBe(t);
        });
        const plain = tokens.map((_, i) => i).filter((i) => !specials.has(tokens[i]!));
        checkSlices(
          x,
          plain.map((i) => tokens[i]!),
          plain.map((i) => offsets[i]!),
          (s) => tok.normalize(s),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('offsets cut answers out of the original passage', () => {
    const x = 'The  Eiffel Tower (Tour Eiffel) is in PARIS, France — café ½ mile.';
    const { tokens, offsets } = tok.tokenizeWithOffsets(x);
    const at = (t: string) => x.slice(...offsets[tokens.indexOf(t)]!);
    expect(at('▁paris')).toBe('PARIS');
    expect(at('▁tower')).toBe('Tower');
    expect(at('▁cafe')).toBe('café');
    expect(at('—')).toBe('—');
    // "½" is normalised to "1⁄2", split over three tokens that all point at it.
    const i = tokens.indexOf('▁1');
    expect(tokens.slice(i, i + 3)).toEqual(['▁1', '⁄', '2']);
    expect(offsets.slice(i, i + 3).map((o) => x.slice(...o))).toEqual(['½', '½', '½']);
  });
});

describe('long inputs', () => {
  it('a 100 kB random string encodes, decodes to its normalised form and has sane offsets', () => {
    const sp = fixtureSp('30k-clean.model');
    const tok = fixtureAlbert('30k-clean.model');
    // Same alphabet as `unit`, drawn with a small seeded generator (fast-check is slow at this size).
    let seed = 42;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
    const parts: string[] = [];
    let len = 0;
    while (len < 100_000) {
      const r = rnd();
      const p =
        r < 0.5
          ? pick('abcXYZ 019,.-\'"`()[]éüß'.split(''))
          : r < 0.7
            ? String.fromCodePoint(pick(SPECIAL_CHARS))
            : r < 0.8
              ? pick(FRAGMENTS)
              : r < 0.95
                ? String.fromCharCode(Math.floor(rnd() * 0x10000))
                : String.fromCodePoint(0x10000 + Math.floor(rnd() * 0x100000));
      parts.push(p);
      len += p.length;
    }
    const x: string | undefined = parts.join('');
    expect(x.length).toBeGreaterThanOrEqual(100_000);
    const pieces = sp.encodeAsPieces(x!);
    expect(sp.decodePieces(pieces)).toBe(decoded(sp.normalize(x!)));
    const { offsets } = sp.encode(x!);
    checkOffsets(x!, offsets);
    const t = tok.tokenizeWithOffsets(x!);
    checkOffsets(x!, t.offsets);
    expect(t.tokens.length).toBe(t.offsets.length);
  });
});
