import { describe, expect, it } from 'vitest';
import { readSquad } from '../src/node/readers.js';
import { parseSquad } from '../src/squad.js';
import { datasetError, tempFiles } from './helpers.js';

const files = tempFiles();
const context =
  'Architecturally, the school has a Catholic character. Atop the Main Building is a golden statue.';

const v1 = {
  version: '1.1',
  data: [
    {
      title: 'University_of_Notre_Dame',
      paragraphs: [
        {
          context,
          qas: [
            {
              id: 'q1',
              question: 'What sits on top of the Main Building?',
              answers: [
                { text: 'a golden statue', answer_start: context.indexOf('a golden statue') },
                { text: 'golden statue', answer_start: context.indexOf('golden statue') },
              ],
            },
            {
              id: 'q2',
              question: 'What character does the school have?',
              answers: [{ text: 'Catholic', answer_start: context.indexOf('Catholic') }],
            },
          ],
        },
      ],
    },
  ],
};

const v2 = {
  version: 'v2.0',
  data: [
    {
      title: 'Normans',
      paragraphs: [
        {
          context: 'The Normans were in Normandy.',
          qas: [
            {
              id: 'a',
              question: 'Where were the Normans?',
              answers: [{ text: 'Normandy', answer_start: 20 }],
              is_impossible: false,
            },
            {
              id: 'b',
              question: 'Where were the Danes?',
              answers: [],
              is_impossible: true,
              plausible_answers: [{ text: 'Normandy', answer_start: 20 }],
            },
          ],
        },
      ],
    },
  ],
};

describe('SQuAD reader', () => {
  it('reads v1.1: nested data for the official scripts and flat examples', async () => {
    const path = files.write('train-v1.1.json', JSON.stringify(v1));
    const result = await readSquad(path);
    expect(result.version).toBe('1.1');
    expect(result.data).toEqual(v1.data);
    expect(result.examples).toEqual([
      {
        id: 'q1',
        title: 'University_of_Notre_Dame',
        question: 'What sits on top of the Main Building?',
        context,
        answers: {
          text: ['a golden statue', 'golden statue'],
          answerStart: [context.indexOf('a golden statue'), context.indexOf('golden statue')],
        },
        isImpossible: false,
      },
      {
        id: 'q2',
        title: 'University_of_Notre_Dame',
        question: 'What character does the school have?',
        context,
        answers: { text: ['Catholic'], answerStart: [context.indexOf('Catholic')] },
        isImpossible: false,
      },
    ]);
    expect(result.stats).toMatchObject({
      articles: 1,
      paragraphs: 1,
      questions: 2,
      impossible: 0,
      misalignedAnswers: 0,
    });
  });

  it('reads v2.0 with unanswerable questions and plausible answers', () => {
    const result = parseSquad(JSON.stringify(v2));
    expect(result.version).toBe('v2.0');
    expect(result.data).toEqual(v2.data);
    expect(result.examples.map((e) => [e.id, e.isImpossible, e.answers.text])).toEqual([
      ['a', false, ['Normandy']],
      ['b', true, []],
    ]);
    expect(result.stats.impossible).toBe(1);
  });

  it('counts answers whose text is not at answer_start', () => {
    const bad = structuredClone(v2);
    bad.data[0].paragraphs[0].qas[0].answers[0].answer_start = 3;
    expect(parseSquad(bad).stats.misalignedAnswers).toBe(1);
  });

  it('names the JSON path of a malformed question, or skips and counts it', async () => {
    const bad = structuredClone(v1) as { data: { paragraphs: { qas: Record<string, unknown>[] }[] }[] };
    (bad.data[0].paragraphs[0].qas[1].answers as Record<string, unknown>[])[0].answer_start = '12';
    const path = files.write('bad.json', JSON.stringify(bad));
    const error = await datasetError(readSquad(path));
    expect(error.code).toBe('BAD_STRUCTURE');
    expect(error.path).toBe('data[0].paragraphs[0].qas[1].answers[0].answer_start');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/expected an integer in \[0, \d+\], found string "12"/);

    const skipped = await readSquad(path, { onBadRow: 'skip' });
    expect(skipped.examples.map((e) => e.id)).toEqual(['q1']);
    expect(skipped.data[0].paragraphs[0].qas.map((q) => q.id)).toEqual(['q1']);
    expect(skipped.stats.skipped).toBe(1);
    expect(skipped.stats.errors[0].path).toBe('data[0].paragraphs[0].qas[1].answers[0].answer_start');
  });

  it('rejects duplicate ids, answers on impossible questions, broken structure and bad JSON', async () => {
    const dup = structuredClone(v1);
    dup.data[0].paragraphs[0].qas[1].id = 'q1';
    const e1 = await datasetError(Promise.resolve().then(() => parseSquad(dup)));
    expect([e1.code, e1.path]).toEqual(['DUPLICATE_ID', 'data[0].paragraphs[0].qas[1].id']);

    const impossible = structuredClone(v2);
    impossible.data[0].paragraphs[0].qas[1].answers = [{ text: 'Normandy', answer_start: 20 }];
    expect(() => parseSquad(impossible)).toThrow(/no answers for an is_impossible question/);

    expect(() => parseSquad({ data: [{ title: 'x', paragraphs: [{ qas: [] }] }] })).toThrow(
      /data\[0\]\.paragraphs\[0\]\.context: expected a string, found nothing/,
    );
    expect(() => parseSquad({ version: '1.1' })).toThrow(/expected an object with a "data" array/);
    const path = files.write('truncated.json', JSON.stringify(v1).slice(0, 50));
    expect((await datasetError(readSquad(path))).code).toBe('BAD_JSON');
  });
});
