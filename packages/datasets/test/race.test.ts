import { describe, expect, it } from 'vitest';
import { readRace } from '../src/node/readers.js';
import { parseRaceFile } from '../src/race.js';
import { datasetError, tempFiles } from './helpers.js';

const files = tempFiles();
const article = (id: string, answers: string[], options?: string[][]) => ({
  answers,
  options: options ?? answers.map((_, i) => [`a${i}`, `b${i}`, `c${i}`, `d${i}`]),
  questions: answers.map((_, i) => `Question ${i} of ${id}?`),
  article: `Article ${id}.`,
  id,
});
const write = (path: string, value: unknown) => files.write(`RACE/${path}`, JSON.stringify(value));

write('train/middle/2.txt', article('middle2.txt', ['B']));
write('train/middle/10.txt', article('middle10.txt', ['A', 'D']));
write('train/high/1.txt', article('high1.txt', ['C']));
write('dev/middle/5.txt', article('middle5.txt', ['D']));
write('dev/high/7.txt', article('high7.txt', ['A']));
write('test/middle/3.txt', article('middle3.txt', ['B']));
write('test/high/4.txt', article('high4.txt', ['C']));

describe('RACE reader', () => {
  it('reads the release layout in split, level and numeric file order', async () => {
    const examples = await readRace(`${files.dir}/RACE`).toArray();
    expect(examples.map((e) => [e.split, e.level, e.id, e.label])).toEqual([
      ['train', 'middle', 'middle2.txt-0', 1],
      ['train', 'middle', 'middle10.txt-0', 0],
      ['train', 'middle', 'middle10.txt-1', 3],
      ['train', 'high', 'high1.txt-0', 2],
      ['dev', 'middle', 'middle5.txt-0', 3],
      ['dev', 'high', 'high7.txt-0', 0],
      ['test', 'middle', 'middle3.txt-0', 1],
      ['test', 'high', 'high4.txt-0', 2],
    ]);
    expect(examples[2]).toEqual({
      id: 'middle10.txt-1',
      exampleId: 'middle10.txt',
      questionIndex: 1,
      level: 'middle',
      article: 'Article middle10.txt.',
      question: 'Question 1 of middle10.txt?',
      options: ['a1', 'b1', 'c1', 'd1'],
      answer: 'D',
      label: 3,
      split: 'train',
    });
    const dev = await readRace(`${files.dir}/RACE`, { splits: ['dev'], levels: ['high'] }).toArray();
    expect(dev.map((e) => e.id)).toEqual(['high7.txt-0']);
  });

  it('reports a bad answer letter or option list with file and question, or skips it', async () => {
    const bad = { ...article('high9.txt', ['A', 'E']) };
    const path = files.write('BAD/dev/high/9.txt', JSON.stringify(bad));
    files.write(
      'BAD/dev/middle/1.txt',
      '{"article": "x", "questions": ["q"], "options": [["a","b","c"]], "answers": ["A"]}',
    );
    const error = await datasetError(
      readRace(`${files.dir}/BAD`, { splits: ['dev'], levels: ['high'] }).toArray(),
    );
    expect([error.code, error.file, error.path]).toEqual(['BAD_LABEL', path, 'answers[1]']);
    expect(error.message).toMatch(/expected one of A\/B\/C\/D, found "E"/);

    const stream = readRace(`${files.dir}/BAD`, { splits: ['dev'], onBadRow: 'skip' });
    expect((await stream.toArray()).map((e) => e.id)).toEqual(['high9.txt-0']);
    expect(stream.stats.skipped).toBe(2);
    expect(stream.stats.errors.map((e) => e.path)).toEqual(['options[0]', 'answers[1]']);
  });

  it('rejects files that are not RACE articles, and missing folders', async () => {
    expect(() =>
      parseRaceFile({ article: 'x', questions: ['q'], options: [], answers: ['A'] }, { level: 'high' }),
    ).toThrow(/1 questions, 0 option lists, 1 answers/);
    expect(() => parseRaceFile('{', { level: 'high', file: 'x.txt' })).toThrow(/x\.txt: invalid JSON/);
    expect(() => parseRaceFile({}, { level: 'low' as never })).toThrow(/level must be/);
    const missing = await datasetError(readRace(`${files.dir}/NOPE`).toArray());
    expect(missing.code).toBe('FILE_NOT_FOUND');
  });
});
