import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postprocessQa, postprocessQaBatch, type QaWindow, squadV2 } from '../src/index.js';

// Worked example. Context words and their character spans:
//   The(0,3) cat(4,7) sat(8,11) on(12,14) the(15,18) mat(19,22) in(23,25) Paris(26,31) .(31,32)
// Window 0: [CLS] q q [SEP] The cat sat on the mat [SEP]       (tokens 0..10)
// Window 1: [CLS] q q [SEP] the mat in Paris . [SEP]           (tokens 0..9, doc stride: starts at "the")
const context = 'The cat sat on the mat in Paris.';
const N = null;
const w0: QaWindow = {
  offsets: [N, N, N, N, [0, 3], [4, 7], [8, 11], [12, 14], [15, 18], [19, 22], N],
  // The question tokens (1, 2) have the highest logits: they must never be picked.
  startLogits: [1.0, 20, 20, 0, 0.1, 0.2, 0.3, 0.4, 0.5, 2.0, 0],
  endLogits: [1.5, 20, 20, 0, 0.1, 0.1, 0.1, 0.1, 0.1, 1.5, 0],
};
const w1: QaWindow = {
  offsets: [N, N, N, N, [15, 18], [19, 22], [23, 25], [26, 31], [31, 32], N],
  // The final [SEP] (9) has high logits but no offsets; "in" (6) has a high end logit but comes before the
  // best start "Paris" (7), so end < start rules that pair out.
  startLogits: [0.5, 20, 20, 0, 0.2, 1.0, 0.3, 5.0, 0.1, 9],
  endLogits: [0.5, 20, 20, 0, 0.1, 1.2, 4.5, 4.0, 3.0, 9],
};

describe('postprocessQa: worked example over two windows', () => {
  it('n-best by hand', () => {
    // Window 1: Paris+Paris 5+4 = 9; Paris+"." 5+3 = 8; mat+in 1+4.5 = 5.5; mat+Paris 1+4 = 5;
    // in+in 0.3+4.5 = 4.8; the+in 0.2+4.5 = 4.7. "mat" alone: window 0 gives 2+1.5 = 3.5, window 1 only
    // 1+1.2 = 2.2, and one character span is listed once with its best score.
    const p = postprocessQa(context, [w0, w1], { nBest: 6 });
    expect(p.nBest.map((s) => [s.text, s.score, s.window])).toEqual([
      ['Paris', 9, 1],
      ['Paris.', 8, 1],
      ['mat in', 5.5, 1],
      ['mat in Paris', 5, 1],
      ['in', 4.8, 1],
      ['the mat in', 4.7, 1],
    ]);
    expect(p.text).toBe('Paris');
    expect(p.nBest[0]).toMatchObject({
      start: 26,
      end: 31,
      startToken: 7,
      endToken: 7,
      startLogit: 5,
      endLogit: 4,
    });
    const all = postprocessQa(context, [w0, w1], { nBest: 100 });
    expect(all.nBest.filter((s) => s.text === 'mat')).toEqual([
      expect.objectContaining({ score: 3.5, window: 0 }),
    ]);
    // The null score is the minimum over windows of start[CLS] + end[CLS]: min(1 + 1.5, 0.5 + 0.5) = 1.
    expect(p.nullScore).toBe(1);
    expect(p.scoreDiff).toBe(1 - 9);
    const probs = p.nBest.map((s) => s.probability);
    expect(probs[0]).toBeGreaterThan(probs[1]);
    expect(probs[0] / probs[1]).toBeCloseTo(Math.exp(1), 12);
  });

  it('maxAnswerLength and the null decision', () => {
    const short = postprocessQa(context, [w0, w1], { nBest: 3, maxAnswerLength: 1 });
    // One-token spans only: Paris 9, "." would need start "." 0.1 + end "." 3 = 3.1, mat 3.5 (window 0).
    expect(short.nBest.map((s) => s.text)).toEqual(['Paris', 'in', 'mat']);
    expect(short.nBest.map((s) => s.score)).toEqual([9, 4.8, 3.5]);
    // v2: answer unless null − best > threshold.
    expect(postprocessQa(context, [w0, w1], { allowNull: true }).text).toBe('Paris');
    const strict = postprocessQa(context, [w0, w1], { allowNull: true, nullThreshold: -10 });
    expect(strict.text).toBe('');
    expect(strict.isNull).toBe(true);
    expect(strict.nBest[0].text).toBe('Paris');
    // Raising [CLS] in both windows: null = min(6 + 6, 5 + 5) = 10 > 9.
    const nullish = [
      {
        ...w0,
        startLogits: [6, ...Array.from(w0.startLogits).slice(1)],
        endLogits: [6, ...Array.from(w0.endLogits).slice(1)],
      },
      {
        ...w1,
        startLogits: [5, ...Array.from(w1.startLogits).slice(1)],
        endLogits: [5, ...Array.from(w1.endLogits).slice(1)],
      },
    ];
    const n = postprocessQa(context, nullish, { allowNull: true });
    expect(n.nullScore).toBe(10);
    expect(n.scoreDiff).toBe(1);
    expect(n.text).toBe('');
    // Without allowNull (SQuAD v1) the best span is always the answer.
    expect(postprocessQa(context, nullish).text).toBe('Paris');
  });

  it('a window cut from a substring maps back through charOffset; a contextMask excludes question tokens', () => {
    const sub = context.slice(15); // window 1 tokenised on "the mat in Paris."
    const shifted: QaWindow = {
      ...w1,
      offsets: w1.offsets.map((o) => (o ? ([o[0] - 15, o[1] - 15] as [number, number]) : null)),
      charOffset: 15,
    };
    expect(sub.slice(11, 16)).toBe('Paris');
    expect(postprocessQa(context, [w0, shifted], { nBest: 6 }).nBest).toEqual(
      postprocessQa(context, [w0, w1], { nBest: 6 }).nBest,
    );
    // Question tokens with offsets (into the question) are excluded by the mask.
    const masked: QaWindow = {
      ...w1,
      offsets: [N, [0, 4], [5, 9], N, ...w1.offsets.slice(4)],
      contextMask: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
    };
    expect(postprocessQa(context, [masked]).text).toBe('Paris');
    // AlbertTokenizer style: [0, 0] offsets for [CLS]/[SEP], question offsets into the question, and the token
    // type ids as the mask. [CLS] is never a span end point; a zero-width [SEP] never ends an answer.
    const tokenizerStyle: QaWindow = {
      offsets: [[0, 0], [0, 4], [5, 9], [0, 0], ...(w1.offsets.slice(4, 9) as [number, number][]), [0, 0]],
      contextMask: [0, 0, 0, 0, 1, 1, 1, 1, 1, 1],
      startLogits: [30, ...Array.from(w1.startLogits).slice(1)],
      endLogits: [30, ...Array.from(w1.endLogits).slice(1)],
    };
    const t = postprocessQa(context, [tokenizerStyle], { nBest: 100 });
    expect(t.text).toBe('Paris');
    expect(t.nBest.every((s) => s.endToken !== 9 && s.startToken !== 0)).toBe(true);
    // Without the mask the question's offsets would be read as context offsets: the mask is needed.
    expect(postprocessQa(context, [{ ...tokenizerStyle, contextMask: undefined }]).text).toBe(
      context.slice(0, 4),
    );
  });

  it('feeds SQuAD v2 scoring: predictions plus score differences as na-probs', () => {
    const batch = postprocessQaBatch([{ id: 'q1', context, windows: [w0, w1] }], { allowNull: true });
    expect(batch.predictions).toEqual({ q1: 'Paris' });
    expect(batch.scoreDiffs).toEqual({ q1: -8 });
    const dataset = {
      data: [
        { paragraphs: [{ context, qas: [{ id: 'q1', answers: [{ text: 'Paris', answer_start: 26 }] }] }] },
      ],
    };
    const r = squadV2(dataset, batch.predictions, { naProbs: batch.scoreDiffs, naProbThresh: 0 });
    expect(r.exact).toBe(100);
    expect(r.best_exact_thresh).toBe(-8);
  });

  it('rejects bad offsets and logits with the window and token named', () => {
    expect(() => postprocessQa(context, [{ ...w0, offsets: [...w0.offsets.slice(0, 4), [0, 99]] }])).toThrow(
      /windows\[0\]\.offsets\[4\]/,
    );
    expect(() =>
      postprocessQa(context, [{ ...w0, startLogits: [Number.NaN, ...Array.from(w0.startLogits).slice(1)] }]),
    ).toThrow(/startLogits\[0\]/);
    expect(() => postprocessQa(context, [{ ...w0, endLogits: [1] }])).toThrow(/11 start logits but 1 end/);
    expect(() => postprocessQa(context, [])).toThrow(/non-empty/);
    const none = postprocessQa(context, [{ ...w0, offsets: w0.offsets.map(() => null) }], {
      allowNull: true,
    });
    expect(none).toMatchObject({ text: '', isNull: true, nBest: [], scoreDiff: Number.POSITIVE_INFINITY });
  });
});

/** Random windows over a random context, tokenised by words, with doc stride and question tokens. */
const scenario = fc
  .record({
    words: fc.array(fc.stringMatching(/^[a-zé]{1,4}$/), { minLength: 1, maxLength: 24 }),
    gaps: fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 24, maxLength: 24 }),
    windowLen: fc.integer({ min: 1, max: 10 }),
    strideFrac: fc.double({ min: 0.1, max: 1, noNaN: true }),
    question: fc.integer({ min: 0, max: 3 }),
    useMask: fc.boolean(),
    logits: fc.array(fc.integer({ min: -12, max: 12 }), { minLength: 64, maxLength: 64 }),
    maxAnswerLength: fc.integer({ min: 1, max: 6 }),
    nBest: fc.integer({ min: 1, max: 8 }),
  })
  .map((s) => {
    let context = ' ';
    const spans: [number, number][] = [];
    s.words.forEach((w, i) => {
      // Some words get a zero-width piece first (like SentencePiece's lone "▁"): never an answer by itself.
      if (s.gaps[i] === 2) spans.push([context.length, context.length]);
      spans.push([context.length, context.length + w.length]);
      context += w + ' '.repeat(s.gaps[i]);
    });
    const stride = Math.max(1, Math.round(s.windowLen * s.strideFrac));
    const windows: QaWindow[] = [];
    let k = 0;
    for (let from = 0; ; from += stride) {
      const tokens = spans.slice(from, from + s.windowLen);
      const offsets: ([number, number] | null)[] = [null];
      const mask: number[] = [0];
      for (let q = 0; q < s.question; q++) {
        offsets.push(s.useMask ? [q, q + 1] : null); // offsets into the question when a mask says what is context
        mask.push(0);
      }
      offsets.push(null, ...tokens, null);
      mask.push(0, ...tokens.map(() => 1), 0);
      const logit = () => s.logits[k++ % s.logits.length] / 4 + (k % 7) / 64;
      windows.push({
        offsets,
        startLogits: offsets.map(logit),
        endLogits: offsets.map(logit),
        ...(s.useMask ? { contextMask: mask } : {}),
      });
      if (from + s.windowLen >= spans.length) break;
    }
    return { context, windows, maxAnswerLength: s.maxAnswerLength, nBest: s.nBest };
  });

function bruteForce(windows: QaWindow[], maxLen: number) {
  const best = new Map<string, number>();
  windows.forEach((w) => {
    const n = w.startLogits.length;
    for (let s = 0; s < n; s++) {
      for (let e = 0; e < n; e++) {
        const os = w.offsets[s];
        const oe = w.offsets[e];
        if (!os || !oe || e < s || e - s + 1 > maxLen) continue;
        if (w.contextMask && (!w.contextMask[s] || !w.contextMask[e])) continue;
        if (oe[1] <= os[0]) continue;
        const key = `${os[0]}:${oe[1]}`;
        const score = w.startLogits[s] + w.endLogits[e];
        if (!best.has(key) || best.get(key)! < score) best.set(key, score);
      }
    }
  });
  return [...best.values()].sort((a, b) => b - a);
}

describe('postprocessQa: properties', () => {
  it('spans are valid, map into the original text, and are the n best by brute force', () => {
    fc.assert(
      fc.property(scenario, ({ context, windows, maxAnswerLength, nBest }) => {
        const p = postprocessQa(context, windows, { maxAnswerLength, nBest });
        const keys = new Set<string>();
        for (const span of p.nBest) {
          const w = windows[span.window];
          const os = w.offsets[span.startToken]!;
          const oe = w.offsets[span.endToken]!;
          expect(os).not.toBeNull();
          expect(oe).not.toBeNull();
          if (w.contextMask)
            expect(Boolean(w.contextMask[span.startToken] && w.contextMask[span.endToken])).toBe(true);
          expect(span.endToken).toBeGreaterThanOrEqual(span.startToken);
          expect(span.endToken - span.startToken + 1).toBeLessThanOrEqual(maxAnswerLength);
          expect([span.start, span.end]).toEqual([os[0], oe[1]]);
          expect(span.end).toBeGreaterThan(span.start);
          expect(span.text).toBe(context.slice(span.start, span.end));
          // Every covered token's characters lie inside the answer.
          for (let t = span.startToken; t <= span.endToken; t++) {
            const o = w.offsets[t];
            if (o) expect(o[0] >= span.start && o[1] <= span.end).toBe(true);
          }
          expect(span.score).toBe(w.startLogits[span.startToken] + w.endLogits[span.endToken]);
          keys.add(`${span.start}:${span.end}`);
        }
        expect(keys.size).toBe(p.nBest.length);
        const expected = bruteForce(windows, maxAnswerLength);
        expect(p.nBest.map((s) => s.score)).toEqual(expected.slice(0, nBest));
        expect(p.text).toBe(p.nBest.length > 0 ? p.nBest[0].text : '');
        const nullScore = Math.min(...windows.map((w) => w.startLogits[0] + w.endLogits[0]));
        expect(p.nullScore).toBe(nullScore);
        const v2 = postprocessQa(context, windows, {
          maxAnswerLength,
          nBest,
          allowNull: true,
          nullThreshold: 0,
        });
        const shouldBeNull = expected.length === 0 || nullScore - expected[0] > 0;
        expect(v2.text === '').toBe(shouldBeNull || v2.nBest[0].text === '');
        expect(v2.isNull).toBe(shouldBeNull);
      }),
      { numRuns: 300 },
    );
  });
});
