import { describe, expect, it } from 'vitest';
import {
  createPretrainingExamples,
  type PretrainingExample,
  pretrainingFeatures,
  pretrainingRecord,
  pretrainingRecords,
  TrainingError,
} from '../src/index.js';
import { fakeTokenizer } from './helpers/fake-tokenizer.js';
import { decodeExample, readRecords } from './tfrecord/reader.js';

const SHAPE = { maxSeqLength: 32, maxPredictionsPerSeq: 5 };
const DOCS = [
  ['the quick brown foxes jumped over lazy dogs', 'then they slept under enormous trees', 'a third one'],
  ['another document begins here with words', 'and continues for a while longer', 'until it ends'],
];

async function examples(): Promise<PretrainingExample[]> {
  const out: PretrainingExample[] = [];
  const opts = { ...SHAPE, dupeFactor: 3, randomSeed: 5, maskedLmProb: 0.3 };
  for await (const ex of createPretrainingExamples(DOCS, fakeTokenizer(), opts)) out.push(ex);
  return out;
}

describe('pretraining records (platform-neutral)', () => {
  it('orders the features as create_pretraining_data.py writes them', async () => {
    const [ex] = await examples();
    expect(pretrainingFeatures(ex, SHAPE).map(([n]) => n)).toEqual([
      'input_ids',
      'input_mask',
      'segment_ids',
      'token_boundary',
      'masked_lm_positions',
      'masked_lm_ids',
      'masked_lm_weights',
      'next_sentence_labels',
    ]);
  });

  it('streams framed records that decode to the examples, padding input_ids with 0 whatever the pad id', async () => {
    const exs = await examples();
    // A tokenizer whose pad id is not 0: the reference still pads input_ids with 0.
    const padded = exs.map((e) => ({
      ...e,
      inputIds: [...e.inputIds.slice(0, e.length), ...Array(32 - e.length).fill(9)],
    }));
    const chunks: Uint8Array[] = [];
    for await (const r of pretrainingRecords(padded, SHAPE)) chunks.push(r);
    const file = Buffer.concat(chunks);
    const decoded = readRecords(file).map(decodeExample);
    expect(decoded.length).toBe(exs.length);
    decoded.forEach((d, k) => {
      const e = exs[k];
      expect(d.get('input_ids')!.values).toEqual([
        ...e.inputIds.slice(0, e.length),
        ...Array(32 - e.length).fill(0),
      ]);
      expect(d.get('masked_lm_positions')!.values.slice(0, e.maskedLmPositions.length)).toEqual(
        e.maskedLmPositions,
      );
      expect(d.get('token_boundary')!.values).toEqual(e.tokenBoundary);
      expect(d.get('next_sentence_labels')!.values).toEqual([e.sentenceOrderLabel]);
    });
  });

  it('rejects examples that do not fit the shape, with typed errors saying what and where', async () => {
    const [ex] = await examples();
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as TrainingError;
      }
      throw new Error('expected a throw');
    };
    const long = err(() => pretrainingRecord(ex, { ...SHAPE, maxSeqLength: ex.length - 1 }));
    expect(long).toBeInstanceOf(TrainingError);
    expect(long.code).toBe('SHAPE_MISMATCH');
    expect(long.message).toMatch(/maxSeqLength/);
    const many = { ...ex, maskedLmPositions: [1, 2, 3, 4, 5, 6], maskedLmIds: [1, 2, 3, 4, 5, 6] };
    expect(err(() => pretrainingRecord(many, SHAPE)).message).toMatch(/maxPredictionsPerSeq 5/);
    expect(err(() => pretrainingRecord({ ...ex, sentenceOrderLabel: 2 }, SHAPE)).code).toBe('INVALID_INPUT');
    expect(err(() => pretrainingRecord(ex, { maxSeqLength: 0, maxPredictionsPerSeq: 5 })).code).toBe(
      'INVALID_OPTION',
    );
  });
});
