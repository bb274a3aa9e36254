import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PieceType, SentencePieceProcessor, TokenizerError, trainUnigram } from '../src/index.js';
import { CorpusCounter, prepareTrainingData } from '../src/trainer/corpus.js';
import { digamma } from '../src/trainer/em.js';
import { WordLattices } from '../src/trainer/lattice.js';
import { PieceTable } from '../src/trainer/piece-table.js';
import { makeSeedPieces } from '../src/trainer/seed.js';
import { cappedLcp, forEachLcpInterval, sortSuffixesToDepth } from '../src/trainer/suffix-array.js';

const WS = '\u2581';

describe('suffix sorting to a bounded depth', () => {
  const compareTo = (t: number[], a: number, b: number, depth: number): number => {
    for (let i = 0; i < depth; i++) {
      const x = a + i < t.length ? t[a + i]! : -1;
      const y = b + i < t.length ? t[b + i]! : -1;
      if (x !== y) return x - y;
    }
    return 0;
  };

  it('orders suffixes by their first `depth` symbols, LCPs capped, intervals as by brute force', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 9 }),
        (arr, depth) => {
          const text = Int32Array.from(arr);
          const sa = sortSuffixesToDepth(text, 4, depth);
          expect(Array.from(sa).sort((a, b) => a - b)).toEqual(arr.map((_, i) => i));
          for (let k = 1; k < sa.length; k++)
            expect(compareTo(arr, sa[k - 1]!, sa[k]!, depth)).toBeLessThanOrEqual(0);
          const lcp = cappedLcp(text, sa, depth);
          for (let k = 1; k < sa.length; k++) {
            let l = 0;
            while (
              l < depth &&
              sa[k - 1]! + l < arr.length &&
              sa[k]! + l < arr.length &&
              arr[sa[k - 1]! + l] === arr[sa[k]! + l]
            )
              l++;
            expect(lcp[k]).toBe(l);
          }
          // Every interval of depth < cap: its suffixes share exactly `d` symbols, and every repeated,
          // branching substring shorter than the cap is one interval.
          const seen = new Set<string>();
          forEachLcpInterval(lcp, (lb, rb, d) => {
            expect(rb - lb).toBeGreaterThanOrEqual(2);
            if (d >= depth) return;
            const s = arr.slice(sa[lb]!, sa[lb]! + d).join(',');
            for (let k = lb; k < rb; k++) expect(arr.slice(sa[k]!, sa[k]! + d).join(',')).toBe(s);
            seen.add(s);
          });
          const followers = new Map<string, Set<number>>();
          for (let i = 0; i < arr.length; i++) {
            for (let d = 1; d < depth && i + d <= arr.length; d++) {
              const s = arr.slice(i, i + d).join(',');
              const f = followers.get(s) ?? new Set<number>();
              f.add(i + d < arr.length ? arr[i + d]! : -1 - i); // the end of the text is unique
              followers.set(s, f);
            }
          }
          const branching = [...followers].filter(([, f]) => f.size >= 2).map(([s]) => s);
          expect([...seen].sort()).toEqual(branching.sort());
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** Brute-force seed vocabulary: sentencepiece's definition over the whole corpus. */
function bruteForceSeeds(sentences: string[], maxLen: number): Array<[string, number]> {
  const corpus = sentences.map((s) => `${s}\0`).join('');
  const cps = Array.from(corpus);
  const charCounts = new Map<string, number>();
  for (const c of cps) if (c !== '\0') charCounts.set(c, (charCounts.get(c) ?? 0) + 1);
  const stats = new Map<string, { count: number; next: Set<string> }>();
  for (let i = 0; i < cps.length; i++) {
    let s = '';
    for (let d = 1; d <= maxLen && i + d < cps.length; d++) {
      if (cps[i + d - 1] === '\0') break;
      s += cps[i + d - 1];
      if (d < 2) continue;
      const st = stats.get(s) ?? { count: 0, next: new Set<string>() };
      st.count++;
      st.next.add(cps[i + d]!);
      stats.set(s, st);
    }
  }
  // Independent piece rules for the test alphabet: `▁` only first; letters vs digits/punctuation.
  const cls = (c: string): number => (/[a-z]/.test(c) ? 1 : 2);
  const valid = (s: string): boolean => {
    const a = Array.from(s);
    if (a.slice(1).includes(WS)) return false;
    const body = a.filter((c) => c !== WS);
    return body.every((c) => cls(c) === cls(body[0]!));
  };
  const cmp = (a: string, b: string): number => {
    const x = Array.from(a);
    const y = Array.from(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (x[i] !== y[i]) return x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    }
    return y.length - x.length; // an extension sorts before its prefix
  };
  const subs = [...stats]
    .filter(([s, st]) => st.next.size >= 2 && valid(s))
    .map(([s, st]) => [s, st.count * Array.from(s).length] as [string, number])
    .sort((a, b) => b[1] - a[1] || cmp(a[0], b[0]));
  const chars = [...charCounts].sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!);
  return [...chars, ...subs];
}

describe('seed pieces from the distinct words', () => {
  const word = fc
    .array(fc.constantFrom('a', 'b', 'c', '1', '.'), { minLength: 1, maxLength: 6 })
    .map((a) => a.join(''));
  const sentence = fc.array(word, { minLength: 1, maxLength: 5 }).map((ws) => WS + ws.join(WS));

  it('are exactly the corpus suffix-tree nodes sentencepiece would take, in the same order', () => {
    fc.assert(
      fc.property(
        fc.array(sentence, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 2, max: 6 }),
        (sentences, maxLen) => {
          const counter = new CorpusCounter(true);
          for (const s of sentences) counter.add(s);
          const data = prepareTrainingData(counter, 1);
          const rules = {
            maxPieceLength: maxLen,
            splitByWhitespace: true,
            splitByUnicodeScript: true,
            splitByNumber: true,
            splitDigits: false,
          };
          const { pieces } = makeSeedPieces(data.words, data.alphabet, data.charCounts, rules, 1_000_000);
          const got: string[] = [];
          for (let id = 0; id < pieces.size; id++)
            got.push(data.alphabet.text(pieces.symbols(id), 0, pieces.lengths[id]));
          const expected = bruteForceSeeds(sentences, maxLen);
          expect(got).toEqual(expected.map(([s]) => s));
          const total = expected.reduce((s, [, v]) => s + v, 0);
          for (let id = 0; id < pieces.size; id++) {
            expect(pieces.score[id]).toBeCloseTo(Math.log(expected[id]![1] / total), 5);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('EM pieces', () => {
  it('digamma matches known values', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 9);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 9);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 9);
    expect(digamma(1e6)).toBeCloseTo(Math.log(1e6) - 1 / 2e6, 9);
  });

  /** All segmentations of a word of `n` symbols: edges (begin, piece), unknown steps where no 1-symbol piece. */
  function enumerate(n: number, edges: Array<[number, number]>, lengths: number[]): number[][] {
    const paths: number[][] = [];
    const walk = (b: number, path: number[]): void => {
      if (b === n) {
        paths.push(path);
        return;
      }
      const here = edges.filter(([eb]) => eb === b);
      for (const [, p] of here) if (b + lengths[p]! <= n) walk(b + lengths[p]!, [...path, p]);
      if (!here.some(([, p]) => lengths[p] === 1)) walk(b + 1, [...path, -1]);
    };
    walk(0, []);
    return paths;
  }

  it('forward-backward marginals equal brute-force enumeration, also when rescaling kicks in', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 9 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.double({ min: 0.05, max: 1, noNaN: true })), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.integer({ min: 0, max: 0xffff }),
        fc.constantFrom(1, 120),
        (n, pieceSpecs, seed, scale) => {
          // Pieces: lengths and (possibly very negative) scores; edges placed pseudo-randomly.
          const lengths = pieceSpecs.map(([l]) => l);
          const table = new PieceTable(lengths.length);
          const sym = new Int32Array(4);
          for (const [l, u] of pieceSpecs) {
            const id = table.add(sym, 0, l);
            table.score[id] = -scale * u;
          }
          let r = seed;
          const rand = (): number => {
            r = (r * 1103515245 + 12345) & 0x7fffffff;
            return r / 0x7fffffff;
          };
          const edges: Array<[number, number]> = [];
          for (let b = 0; b < n; b++) {
            const here = lengths
              .map((l, p) => [l, p] as [number, number])
              .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
            const taken = new Set<number>();
            for (const [l, p] of here) {
              if (b + l <= n && rand() < 0.5 && !taken.has(l)) {
                taken.add(l);
                edges.push([b, p]);
              }
            }
          }
          const words = {
            count: 1,
            symbols: new Int32Array(n),
            offsets: Int32Array.from([0, n]),
            freq: Float64Array.from([3]),
            followers: Uint8Array.from([2]),
            maxLength: n,
          };
          const lat = new WordLattices(words, {
            offsets: Int32Array.from([0, edges.length]),
            begin: Int32Array.from(edges.map(([b]) => b)),
            piece: Int32Array.from(edges.map(([, p]) => p)),
          });
          const unkScore = -scale * 1.5;
          const expected = new Float64Array(lengths.length);
          const { objective } = lat.expectations(table, unkScore, expected, false);

          const paths = enumerate(n, edges, lengths);
          const logw = paths.map((p) => p.reduce((s, id) => s + (id < 0 ? unkScore : table.score[id]!), 0));
          const mx = Math.max(...logw);
          const logZ = mx + Math.log(logw.reduce((s, l) => s + Math.exp(l - mx), 0));
          expect(objective).toBeCloseTo(-logZ, 6);
          const want = new Float64Array(lengths.length);
          paths.forEach((p, i) => {
            for (const id of p) if (id >= 0) want[id]! += 3 * Math.exp(logw[i]! - logZ);
          });
          for (let p = 0; p < lengths.length; p++) expect(expected[p]).toBeCloseTo(want[p]!, 8);

          // Viterbi: the best path's score.
          let got = 0;
          lat.viterbiWord(0, table, unkScore, (id) => {
            got += id < 0 ? unkScore : table.score[id]!;
          });
          // (float32 path sums, as sentencepiece: near-ties may pick a path within rounding of the best)
          expect(Math.abs(got - mx)).toBeLessThan(1e-5 * Math.abs(mx) + 1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('trainUnigram', () => {
  /** Sentences of pseudo-words built from syllables: a few hundred distinct words, Zipf-like counts. */
  const corpus = (count = 600): string[] => {
    const syl = ['ka', 'to', 'ri', 'mi', 'sen', 'lo', 'pa', 'the', 'ing', 'ed', 'na', 'cor'];
    let r = 7;
    const rand = (k: number): number => {
      r = (r * 1103515245 + 12345) & 0x7fffffff;
      return (r >>> 8) % k;
    };
    const lexicon = Array.from({ length: 300 }, () =>
      Array.from({ length: 1 + rand(3) }, () => syl[rand(syl.length)]).join(''),
    );
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const ws = Array.from(
        { length: 3 + rand(8) },
        () => lexicon[Math.floor(lexicon.length * (rand(1000) / 1000) ** 3)],
      );
      out.push(`${ws.join(' ')} .`);
    }
    return out;
  };

  it('writes a model the processor loads, with ALBERT special pieces by default', async () => {
    const { model, stats, proto } = await trainUnigram(corpus(), { vocabSize: 60 });
    const sp = SentencePieceProcessor.fromBytes(model);
    expect(sp.vocabSize).toBe(60);
    expect(stats.vocabSize).toBe(60);
    expect([0, 1, 2, 3, 4].map((i) => sp.idToPiece(i))).toEqual([
      '<pad>',
      '<unk>',
      '[CLS]',
      '[SEP]',
      '[MASK]',
    ]);
    expect(proto.pieces.slice(0, 5).map((p) => p.type)).toEqual([
      PieceType.CONTROL,
      PieceType.UNKNOWN,
      PieceType.CONTROL,
      PieceType.CONTROL,
      PieceType.CONTROL,
    ]);
    expect(sp.isControl(2) && sp.isUnknown(1)).toBe(true);
    // Trained pieces are sorted by score, and every character is a piece.
    const scores = proto.pieces.slice(5).map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    for (const ch of 'kathersnmilpcdg.') expect(sp.pieceToId(ch)).not.toBe(1);
    const text = 'kato rimi the senlo pacor .';
    expect(sp.decodeIds(sp.encodeAsIds(text))).toBe(text);
    expect(sp.encodeAsPieces(text).length).toBeLessThan(text.length / 2);
  });

  it('gives the same model from an async iterable', async () => {
    const lines = corpus();
    async function* gen(): AsyncGenerator<string> {
      for (const l of lines) yield l;
    }
    const a = await trainUnigram(lines, { vocabSize: 50 });
    const b = await trainUnigram(gen(), { vocabSize: 50 });
    expect(Buffer.compare(b.model, a.model)).toBe(0); // (toEqual on 240 kB is slow)
  });

  it('honours special-piece options, identity normalization and character coverage', async () => {
    const lines = [...corpus(), 'kato ☃ .'];
    const { proto, stats, model } = await trainUnigram(lines, {
      vocabSize: 40,
      unkId: 0,
      padId: -1,
      bosId: 1,
      eosId: 2,
      controlSymbols: ['<cls>'],
      userDefinedSymbols: ['@@'],
      normalization: 'identity',
      characterCoverage: 0.9999,
    });
    expect(proto.pieces.slice(0, 5).map((p) => [p.piece, p.type])).toEqual([
      ['<unk>', PieceType.UNKNOWN],
      ['<s>', PieceType.CONTROL],
      ['</s>', PieceType.CONTROL],
      ['<cls>', PieceType.CONTROL],
      ['@@', PieceType.USER_DEFINED],
    ]);
    expect(proto.normalizerSpec?.name).toBe('identity');
    expect(stats.characterCoverage).toBeLessThan(1);
    const sp = SentencePieceProcessor.fromBytes(model);
    expect(sp.pieceToId('☃')).toBe(0); // outside the coverage: unknown
    expect(sp.encodeAsIds('☃')).toContain(0);
  });

  it('keeps digits apart from letters and, with splitDigits, splits numbers', async () => {
    const lines = corpus().map((l, i) => `${l} item${i % 7} costs ${1000 + ((i * 37) % 113)} ab12`);
    const pieces = (await trainUnigram(lines, { vocabSize: 120 })).proto.pieces.map((p) => p.piece);
    expect(pieces.some((p) => /[0-9]/.test(p) && /[a-z]/.test(p))).toBe(false);
    const split = (await trainUnigram(lines, { vocabSize: 120, splitDigits: true })).proto.pieces.map(
      (p) => p.piece,
    );
    expect(split.some((p) => /[0-9]/.test(p) && Array.from(p.replace(WS, '')).length > 1)).toBe(false);
    expect(split.filter((p) => /[0-9]/.test(p)).length).toBeGreaterThan(0);
  });

  it('lets pieces cross spaces or scripts only when told to', async () => {
    // "new york" and "york." recur with different continuations, so they are seed candidates.
    const phrases = ['in new york. now', 'to new yorkers', 'a new york city', 'at new york..'];
    const lines = [...corpus(), ...Array.from({ length: 400 }, (_, i) => phrases[i % 4]!)];
    const train = async (opts: object): Promise<string[]> =>
      (await trainUnigram(lines, { vocabSize: 100, ...opts })).proto.pieces.slice(5).map((p) => p.piece);
    const base = await train({});
    expect(base.filter((p) => p.slice(1).includes(WS) || (/[a-z]/.test(p) && p.includes('.')))).toEqual([]);
    const joined = await train({ splitByWhitespace: false });
    expect(joined).toContain(`${WS}new${WS}york`);
    expect(joined.filter((p) => p.length > 1 && p.endsWith(WS))).toEqual([]);
    const mixed = await train({ splitByUnicodeScript: false });
    expect(mixed.filter((p) => /[a-z]/.test(p) && p.includes('.')).length).toBeGreaterThan(0);
  });

  it('rejects bad options and input with a TokenizerError naming the problem', async () => {
    const lines = corpus();
    const fails = async (p: Promise<unknown>, pattern: RegExp, code = 'INVALID_OPTION'): Promise<void> => {
      const err = await p.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TokenizerError);
      expect((err as TokenizerError).code).toBe(code);
      expect((err as Error).message).toMatch(pattern);
    };
    await fails(trainUnigram(lines, { vocabSize: 0 }), /vocabSize/);
    await fails(trainUnigram(lines, { vocabSize: 1.5 }), /vocabSize/);
    await fails(trainUnigram(lines, { characterCoverage: 0.5 }), /characterCoverage/);
    await fails(trainUnigram(lines, { shrinkingFactor: 1 }), /shrinkingFactor/);
    await fails(trainUnigram(lines, { vocabSzie: 10 } as never), /unknown option "vocabSzie"/);
    await fails(trainUnigram(lines, { padId: 1 }), /padId = 1 is already the id of "<unk>"/);
    await fails(trainUnigram(lines, { controlSymbols: ['<unk>'] }), /controlSymbols/);
    await fails(trainUnigram(lines, { vocabSize: 10 }), /smaller than the \d+ required characters/);
    await fails(trainUnigram(lines, { vocabSize: 5000 }), /yields only \d+ pieces/);
    await fails(trainUnigram(['ok', 42 as unknown as string]), /sentence #1 is number/, 'INVALID_INPUT');
    await fails(trainUnigram(42 as never), /Iterable/, 'INVALID_INPUT');
    await fails(trainUnigram(['', '   ']), /no usable sentences/, 'INVALID_INPUT');
    const small = await trainUnigram(lines, { vocabSize: 5000, hardVocabLimit: false });
    expect(small.proto.pieces.length).toBeLessThan(5000);
    expect(SentencePieceProcessor.fromBytes(small.model).vocabSize).toBe(small.proto.pieces.length);
  });
});
