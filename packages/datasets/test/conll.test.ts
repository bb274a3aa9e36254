import { describe, expect, it } from 'vitest';
import { parseConll } from '../src/conll.js';
import { readConll } from '../src/node/readers.js';
import { datasetError, tempFiles } from './helpers.js';

const files = tempFiles();
const conll2003 = `-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER

-DOCSTART- -X- -X- O

BRUSSELS NNP B-NP B-LOC
`;

describe('CoNLL reader', () => {
  it('reads sentences, columns and documents', async () => {
    const path = files.write('eng.train', conll2003);
    const sentences = await readConll(path).toArray();
    expect(sentences).toEqual([
      {
        idx: 0,
        doc: 0,
        line: 3,
        tokens: ['EU', 'rejects', 'German'],
        columns: [
          ['EU', 'rejects', 'German'],
          ['NNP', 'VBZ', 'JJ'],
          ['B-NP', 'B-VP', 'B-NP'],
          ['B-ORG', 'O', 'B-MISC'],
        ],
      },
      {
        idx: 1,
        doc: 0,
        line: 7,
        tokens: ['Peter', 'Blackburn'],
        columns: [
          ['Peter', 'Blackburn'],
          ['NNP', 'NNP'],
          ['B-NP', 'I-NP'],
          ['B-PER', 'I-PER'],
        ],
      },
      {
        idx: 2,
        doc: 1,
        line: 12,
        tokens: ['BRUSSELS'],
        columns: [['BRUSSELS'], ['NNP'], ['B-NP'], ['B-LOC']],
      },
    ]);
  });

  it('reads tab-separated files with spaces in tokens and comments', async () => {
    const text = '# sent_id = 1\nNew York\tPROPN\nis\tAUX\n\n# sent_id = 2\nok\tADJ';
    const sentences = await parseConll(text, { separator: 'tab', commentPrefix: '#' }).toArray();
    expect(sentences.map((s) => s.columns)).toEqual([
      [
        ['New York', 'is'],
        ['PROPN', 'AUX'],
      ],
      [['ok'], ['ADJ']],
    ]);
  });

  it('reports a line with the wrong number of columns, or skips its sentence', async () => {
    const path = files.write('bad.conll', 'a X O\nb Y\n\nc Z O\n');
    const error = await datasetError(readConll(path).toArray());
    expect([error.code, error.file, error.line]).toEqual(['MALFORMED_ROW', path, 2]);
    expect(error.message).toMatch(/expected 3 whitespace-separated columns, found 2/);
    const stream = readConll(path, { onBadRow: 'skip' });
    const kept = await stream.toArray();
    expect(kept.map((s) => [s.idx, s.tokens])).toEqual([[1, ['c']]]);
    expect(stream.stats.skipped).toBe(1);
    expect((await datasetError(parseConll('a b\n', { columns: 3 }).toArray())).line).toBe(1);
  });
});
