import { describe, expect, it } from 'vitest';
import {
  type Entity,
  type EntityOptions,
  entityScores,
  extractEntities,
  seqevalMetrics,
  type TagScheme,
  tokenAccuracy,
} from '../src/index.js';

/**
 * Hand-worked table: for each case the entities were read off the tags by hand from seqeval's rules
 * (default mode = conlleval chunking: B/S start, I/E after O or after another type start, a type change or
 * B/S/O after B/I ends; strict mode = the scheme's start/inside/end patterns must all hold). Expected
 * scores are then computed here from those entity lists: P = |ref ∩ pred| / |pred|, R = |ref ∩ pred| / |ref|,
 * F1 = 2PR / (P + R), 0 when a denominator is 0.
 */
type Span = [type: string, sentence: number, start: number, end: number];
interface Case {
  name: string;
  options: EntityOptions;
  ref: string[][];
  pred: string[][];
  refEntities: Span[];
  predEntities: Span[];
}

const table: Case[] = [
  {
    name: 'IOB2 default: one entity right, one wrong type',
    options: {},
    ref: [['B-PER', 'I-PER', 'O', 'B-LOC']],
    pred: [['B-PER', 'I-PER', 'O', 'B-ORG']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 3, 4],
    ],
    predEntities: [
      ['PER', 0, 0, 2],
      ['ORG', 0, 3, 4],
    ],
  },
  {
    name: 'I- without B- (default): starts an entity',
    options: {},
    ref: [['O', 'B-MISC', 'I-MISC', 'O']],
    pred: [['O', 'I-MISC', 'I-MISC', 'O']],
    refEntities: [['MISC', 0, 1, 3]],
    predEntities: [['MISC', 0, 1, 3]],
  },
  {
    name: 'I- without B- (strict IOB2): no entity',
    options: { mode: 'strict', scheme: 'IOB2' },
    ref: [['O', 'B-MISC', 'I-MISC', 'O']],
    pred: [['O', 'I-MISC', 'I-MISC', 'O']],
    refEntities: [['MISC', 0, 1, 3]],
    predEntities: [],
  },
  {
    name: 'broken entity, type changes inside (default): three pieces',
    options: {},
    ref: [['B-PER', 'I-PER', 'I-PER']],
    pred: [['B-PER', 'I-LOC', 'I-PER']],
    refEntities: [['PER', 0, 0, 3]],
    predEntities: [
      ['PER', 0, 0, 1],
      ['LOC', 0, 1, 2],
      ['PER', 0, 2, 3],
    ],
  },
  {
    name: 'broken entity (strict IOB2): only the B- token survives',
    options: { mode: 'strict', scheme: 'IOB2' },
    ref: [['B-PER', 'I-PER', 'I-PER']],
    pred: [['B-PER', 'I-LOC', 'I-PER']],
    refEntities: [['PER', 0, 0, 3]],
    predEntities: [['PER', 0, 0, 1]],
  },
  {
    name: 'nested sentences: entities never cross a sentence boundary',
    options: {},
    ref: [
      ['O', 'B-LOC'],
      ['I-LOC', 'O'],
    ],
    pred: [
      ['O', 'B-LOC'],
      ['O', 'O'],
    ],
    refEntities: [
      ['LOC', 0, 1, 2],
      ['LOC', 1, 0, 1],
    ],
    predEntities: [['LOC', 0, 1, 2]],
  },
  {
    name: 'B- B- of one type: two entities, not one',
    options: {},
    ref: [['B-PER', 'B-PER', 'O']],
    pred: [['B-PER', 'I-PER', 'O']],
    refEntities: [
      ['PER', 0, 0, 1],
      ['PER', 0, 1, 2],
    ],
    predEntities: [['PER', 0, 0, 2]],
  },
  {
    name: 'IOBES strict: B- I- with no E- is not an entity',
    options: { mode: 'strict', scheme: 'IOBES' },
    ref: [['B-PER', 'E-PER', 'S-LOC', 'O']],
    pred: [['B-PER', 'I-PER', 'S-LOC', 'O']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 2, 3],
    ],
    predEntities: [['LOC', 0, 2, 3]],
  },
  {
    name: 'IOBES default: the same tags, S- closes the I- chunk',
    options: {},
    ref: [['B-PER', 'E-PER', 'S-LOC', 'O']],
    pred: [['B-PER', 'I-PER', 'S-LOC', 'O']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 2, 3],
    ],
    predEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 2, 3],
    ],
  },
  {
    name: 'IOBES strict: E- without B-, and B- at the very end, give nothing',
    options: { mode: 'strict', scheme: 'IOBES' },
    ref: [['O', 'E-ORG'], ['S-PER']],
    pred: [['O', 'E-ORG'], ['B-PER']],
    refEntities: [['PER', 1, 0, 1]],
    predEntities: [],
  },
  {
    name: 'IOBES default: E- after O starts (and ends) an entity',
    options: {},
    ref: [['O', 'E-ORG'], ['S-PER']],
    pred: [['O', 'E-ORG'], ['B-PER']],
    refEntities: [
      ['ORG', 0, 1, 2],
      ['PER', 1, 0, 1],
    ],
    predEntities: [
      ['ORG', 0, 1, 2],
      ['PER', 1, 0, 1],
    ],
  },
  {
    name: 'IOB1 strict: I- begins, B- only separates two of one type',
    options: { mode: 'strict', scheme: 'IOB1' },
    ref: [['I-PER', 'I-PER', 'B-PER', 'O']],
    pred: [['I-PER', 'I-PER', 'I-PER', 'O']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['PER', 0, 2, 3],
    ],
    predEntities: [['PER', 0, 0, 3]],
  },
  {
    name: 'IOE2 strict: E- ends an entity, an E- after E- is a new one',
    options: { mode: 'strict', scheme: 'IOE2' },
    ref: [['I-LOC', 'E-LOC', 'E-LOC', 'O']],
    pred: [['I-LOC', 'I-LOC', 'E-LOC', 'O']],
    refEntities: [
      ['LOC', 0, 0, 2],
      ['LOC', 0, 2, 3],
    ],
    predEntities: [['LOC', 0, 0, 3]],
  },
  {
    name: 'BILOU strict: U- is a unit, B- needs L-',
    options: { mode: 'strict', scheme: 'BILOU' },
    ref: [['U-PER', 'B-LOC', 'I-LOC', 'L-LOC']],
    pred: [['U-PER', 'B-LOC', 'I-LOC', 'O']],
    refEntities: [
      ['PER', 0, 0, 1],
      ['LOC', 0, 1, 4],
    ],
    predEntities: [['PER', 0, 0, 1]],
  },
  {
    name: 'suffix tags (PER-B)',
    options: { suffix: true },
    ref: [['PER-B', 'PER-I', 'O', 'LOC-B']],
    pred: [['PER-B', 'PER-I', 'O', 'O']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 3, 4],
    ],
    predEntities: [['PER', 0, 0, 2]],
  },
  {
    name: 'strict without a scheme detects it from the references (IOBES here)',
    options: { mode: 'strict' },
    ref: [['B-PER', 'E-PER', 'O', 'S-LOC']],
    pred: [['B-PER', 'I-PER', 'O', 'S-LOC']],
    refEntities: [
      ['PER', 0, 0, 2],
      ['LOC', 0, 3, 4],
    ],
    predEntities: [['LOC', 0, 3, 4]],
  },
];

const key = (s: Span) => s.join('|');
const asSpans = (es: Entity[]): string[] => es.map((e) => key([e.type, e.sentence, e.start, e.end])).sort();
const div = (a: number, b: number) => (b === 0 ? 0 : a / b);

function expectedScores(refE: Span[], predE: Span[]) {
  const refSet = new Set(refE.map(key));
  const correct = predE.filter((s) => refSet.has(key(s))).length;
  const p = div(correct, predE.length);
  const r = div(correct, refE.length);
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
}

describe('entity extraction and entity F1: hand-worked table', () => {
  it('has at least 10 cases covering default and strict modes and several schemes', () => {
    expect(table.length).toBeGreaterThanOrEqual(10);
    const schemes = new Set(table.map((c) => c.options.scheme).filter(Boolean) as TagScheme[]);
    expect(schemes.size).toBeGreaterThanOrEqual(4);
  });

  for (const c of table) {
    it(c.name, () => {
      // Strict mode with no scheme detects it from the references, for both sides.
      const opts =
        c.options.mode === 'strict' && !c.options.scheme
          ? { ...c.options, scheme: 'IOBES' as const }
          : c.options;
      expect(asSpans(extractEntities(c.ref, opts))).toEqual(c.refEntities.map(key).sort());
      expect(asSpans(extractEntities(c.pred, opts))).toEqual(c.predEntities.map(key).sort());
      const e = expectedScores(c.refEntities, c.predEntities);
      const got = entityScores(c.pred, c.ref, c.options);
      expect(got.precision).toBeCloseTo(e.p, 15);
      expect(got.recall).toBeCloseTo(e.r, 15);
      expect(got.f1).toBeCloseTo(e.f, 15);
      expect(got.support).toBe(c.refEntities.length);
    });
  }

  it('per-type, macro and weighted averages over two sentences', () => {
    const ref = [
      ['B-PER', 'I-PER', 'O', 'B-LOC'],
      ['B-LOC', 'O'],
    ];
    const pred = [
      ['B-PER', 'I-PER', 'O', 'O'],
      ['B-LOC', 'B-ORG'],
    ];
    // By hand: LOC ref {s0[3,4), s1[0,1)}, pred {s1[0,1)} → P 1, R 1/2, F 2/3; ORG pred {s1[1,2)} only → 0;
    // PER matches → 1. Micro: 2 correct of 3 predicted, 3 true.
    const per = entityScores(pred, ref, { average: null });
    expect(per.types).toEqual(['LOC', 'ORG', 'PER']);
    expect(per.precision).toEqual([1, 0, 1]);
    expect(per.recall).toEqual([0.5, 0, 1]);
    expect(per.f1[0]).toBeCloseTo(2 / 3, 15);
    expect(per.support).toEqual([2, 0, 1]);
    expect(entityScores(pred, ref).f1).toBeCloseTo(2 / 3, 15);
    expect(entityScores(pred, ref, { average: 'macro' }).f1).toBeCloseTo((2 / 3 + 0 + 1) / 3, 15);
    expect(entityScores(pred, ref, { average: 'weighted' }).f1).toBeCloseTo(
      (2 * (2 / 3) + 0 * 0 + 1 * 1) / 3,
      15,
    );
    // zero_division=1: ORG's recall has no true entity.
    expect(entityScores(pred, ref, { average: null, zeroDivision: 1 }).recall).toEqual([0.5, 1, 1]);

    const hf = seqevalMetrics(pred, ref);
    expect(hf.LOC).toEqual({ precision: 1, recall: 0.5, f1: per.f1[0], number: 2 });
    expect(hf.overall_precision).toBeCloseTo(2 / 3, 15);
    expect(hf.overall_recall).toBeCloseTo(2 / 3, 15);
    // 4 of 6 tags equal (s0 token 3 and s1 token 1 differ).
    expect(hf.overall_accuracy).toBeCloseTo(4 / 6, 15);
    expect(tokenAccuracy(pred, ref)).toBe(4 / 6);
  });

  it('errors: tags a scheme does not allow, undetectable schemes, shape mismatches', () => {
    expect(() => entityScores([['S-PER']], [['B-PER']], { mode: 'strict', scheme: 'IOB2' })).toThrow(
      /not allowed in IOB2/,
    );
    expect(() => entityScores([['X-PER']], [['B-PER']], { mode: 'strict', scheme: 'IOB2' })).toThrow(
      /prefix/,
    );
    expect(() => entityScores([['O', 'O']], [['I-PER', 'O']], { mode: 'strict' })).toThrow(/cannot detect/);
    expect(() => entityScores([['O']], [['O', 'O']])).toThrow(/sentence 0 has 1 predicted tags but 2/);
    expect(() => entityScores([['O'], ['O']], [['O']])).toThrow(/2 predicted sentences but 1/);
    expect(() => entityScores([['']], [['O']])).toThrow(/non-empty string/);
  });
});
