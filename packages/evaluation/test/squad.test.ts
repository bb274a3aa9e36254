import { readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import {
  EvaluationError,
  normalizeAnswer,
  type SquadDataset,
  squadV1,
  squadV1Details,
  squadV1F1,
  squadV2,
  squadV2Details,
  squadV2F1,
} from '../src/index.js';

interface V1Case {
  dataset: SquadDataset;
  predictions: Record<string, string>;
  script_output: { exact_match: number; f1: number };
  per_question: Record<
    string,
    {
      prediction: string;
      normalized_prediction: string;
      normalized_golds: string[];
      exact_match: number;
      f1: number;
    }
  >;
}

interface V2Case {
  dataset: SquadDataset;
  predictions: Record<string, string>;
  na_probs: Record<string, number>;
  runs: { args: string[]; output: Record<string, number> }[];
  per_question_raw: Record<
    string,
    {
      has_answer: boolean;
      prediction: string;
      na_prob: number;
      normalized_prediction: string;
      exact: number;
      f1: number;
    }
  >;
}

const TOL = 1e-9;
const v1 = readFixtureJson<V1Case>('metrics', 'squad-v1-case.json');
const v2 = readFixtureJson<V2Case>('metrics', 'squad-v2-case.json');

describe('SQuAD v1.1 vs the official evaluate-v1.1.py (squad-v1-case.json)', () => {
  it('script output to 1e-9', () => {
    const ours = squadV1(v1.dataset, v1.predictions);
    expect(Object.keys(ours)).toEqual(Object.keys(v1.script_output));
    expect(Math.abs(ours.exact_match - v1.script_output.exact_match)).toBeLessThanOrEqual(TOL);
    expect(Math.abs(ours.f1 - v1.script_output.f1)).toBeLessThanOrEqual(TOL);
  });

  it('per-question normalised strings and scores', () => {
    const details = squadV1Details(v1.dataset, v1.predictions);
    expect(details.map((d) => d.id).sort()).toEqual(Object.keys(v1.per_question).sort());
    for (const d of details) {
      const e = v1.per_question[d.id];
      expect(d.prediction, d.id).toBe(e.prediction);
      expect(d.normalizedPrediction, d.id).toBe(e.normalized_prediction);
      expect(d.normalizedGolds, d.id).toEqual(e.normalized_golds);
      expect(Math.abs(d.exactMatch - e.exact_match), d.id).toBeLessThanOrEqual(TOL);
      expect(Math.abs(d.f1 - e.f1), d.id).toBeLessThanOrEqual(TOL);
    }
  });

  it('accepts the data array alone and a Map of predictions', () => {
    const data = (v1.dataset as { data: SquadDataset }).data;
    const ours = squadV1(data, new Map(Object.entries(v1.predictions)));
    expect(Math.abs(ours.f1 - v1.script_output.f1)).toBeLessThanOrEqual(TOL);
  });

  it('a missing prediction counts 0 over all questions, as the script does', () => {
    const preds = { ...v1.predictions };
    delete preds.v1q1; // scored EM 1, F1 1 in the fixture
    const n = Object.keys(v1.per_question).length;
    const ours = squadV1(v1.dataset, preds);
    expect(ours.exact_match).toBeCloseTo(v1.script_output.exact_match - 100 / n, 9);
    expect(ours.f1).toBeCloseTo(v1.script_output.f1 - 100 / n, 9);
  });

  it('v1.1 vs v2.0 on answers that both normalise to nothing ("the" vs "a")', () => {
    expect(normalizeAnswer('the')).toBe('');
    expect(squadV1F1('the', 'a')).toBe(0);
    expect(squadV2F1('the', 'a')).toBe(1);
  });

  it('rejects malformed datasets and predictions with the path', () => {
    expect(() => squadV1({ data: [{ paragraphs: [{ qas: [{ id: 'x' }] }] }] } as never, {})).toThrow(
      /data\[0\]\.paragraphs\[0\]\.qas\[0\]\.answers/,
    );
    expect(() => squadV1(v1.dataset, { v1q1: 3 } as never)).toThrow(EvaluationError);
    const noGold = { data: [{ paragraphs: [{ qas: [{ id: 'q', answers: [] }] }] }] };
    expect(() => squadV1(noGold, { q: '' })).toThrow(/no gold answer/);
  });
});

function runOptions(args: string[]): { naProbs?: Record<string, number>; naProbThresh?: number } {
  const opts: { naProbs?: Record<string, number>; naProbThresh?: number } = {};
  for (let i = 2; i < args.length; i++) {
    if (args[i] === '--na-prob-file') opts.naProbs = v2.na_probs;
    if (args[i] === '--na-prob-thresh') opts.naProbThresh = Number(args[i + 1]);
  }
  return opts;
}

describe('SQuAD v2.0 vs the official evaluate-v2.0.py (squad-v2-case.json)', () => {
  it('has runs with and without the na-prob file', () => {
    expect(v2.runs.length).toBeGreaterThanOrEqual(3);
    expect(v2.runs.some((r) => r.args.includes('--na-prob-file'))).toBe(true);
  });

  for (const [i, run] of v2.runs.entries()) {
    it(`run ${i} (${run.args.slice(2).join(' ') || 'no options'}): all keys, in order, to 1e-9`, () => {
      const ours = squadV2(v2.dataset, v2.predictions, runOptions(run.args)) as unknown as Record<
        string,
        number
      >;
      expect(Object.keys(ours)).toEqual(Object.keys(run.output));
      for (const [k, v] of Object.entries(run.output)) {
        expect(Math.abs(ours[k] - v), `${k}: ${ours[k]} vs ${v}`).toBeLessThanOrEqual(TOL);
      }
    });
  }

  it('per-question raw scores and normalised predictions', () => {
    const rows = squadV2Details(v2.dataset, v2.predictions, { naProbs: v2.na_probs });
    expect(rows.map((r) => r.id).sort()).toEqual(Object.keys(v2.per_question_raw).sort());
    for (const r of rows) {
      const e = v2.per_question_raw[r.id];
      expect(r.hasAnswer, r.id).toBe(e.has_answer);
      expect(r.prediction, r.id).toBe(e.prediction);
      expect(r.normalizedPrediction, r.id).toBe(e.normalized_prediction);
      expect(r.naProb, r.id).toBe(e.na_prob);
      expect(Math.abs(r.exact - e.exact), r.id).toBeLessThanOrEqual(TOL);
      expect(Math.abs(r.f1 - e.f1), r.id).toBeLessThanOrEqual(TOL);
    }
  });

  it('a missing prediction: error by default (the script stops), or scored as "" / left out on request', () => {
    const preds = { ...v2.predictions };
    delete preds.v2q4; // unanswerable, predicted "" in the fixture
    expect(() => squadV2(v2.dataset, preds)).toThrow(expect.objectContaining({ code: 'MISSING_PREDICTION' }));
    const base = squadV2(v2.dataset, v2.predictions);
    expect(squadV2(v2.dataset, preds, { missing: 'empty' })).toEqual(base);
    const skipped = squadV2(v2.dataset, preds, { missing: 'skip' });
    expect(skipped.total).toBe(base.total - 1);
    expect(skipped.NoAns_total).toBe(base.NoAns_total! - 1);
    expect(() => squadV2(v2.dataset, v2.predictions, { naProbs: { v2q1: 0.5 } })).toThrow(
      expect.objectContaining({ code: 'MISSING_NA_PROB' }),
    );
  });
});
