import { describe, expect, it } from 'vitest';
import { DatasetError } from '../src/errors.js';
import { GLUE_TASKS, type GlueFileTask, glueFileName, parseGlueTsv } from '../src/glue.js';
import { readGlue, readGlueSplit } from '../src/node/readers.js';
import { cases } from './glue-cases.js';
import { datasetError, tempFiles } from './helpers.js';

const files = tempFiles();
const tsv = (rows: string[][]) => `${rows.map((r) => r.join('\t')).join('\n')}\n`;

describe('GLUE TSV readers', () => {
  for (const c of cases) {
    it(`reads ${c.name} (${c.task})`, async () => {
      const path = files.write(`glue_data/${c.name}`, tsv(c.rows));
      const stream = readGlue(path, c.task);
      expect(await stream.toArray()).toEqual(c.expected);
      expect(stream.stats).toMatchObject({ records: c.expected.length, skipped: 0 });
    });
  }

  it('label names follow Hugging Face order', () => {
    expect(GLUE_TASKS.mnli.labelNames).toEqual(['entailment', 'neutral', 'contradiction']);
    expect(GLUE_TASKS.wnli.labelNames).toEqual(['not_entailment', 'entailment']);
    expect(GLUE_TASKS.rte.labelNames).toEqual(['entailment', 'not_entailment']);
    expect(GLUE_TASKS.stsb.labelNames).toBeNull();
  });

  it('maps tasks and splits to the release file names', async () => {
    expect(glueFileName('mnli_mismatched', 'dev')).toBe('dev_mismatched.tsv');
    expect(glueFileName('mnli_matched', 'test')).toBe('test_matched.tsv');
    expect(glueFileName('mnli', 'dev_matched')).toBe('dev_matched.tsv');
    expect(glueFileName('sst2', 'train')).toBe('train.tsv');
    expect(glueFileName('ax', 'test')).toBe('AX.tsv');
    expect(() => glueFileName('mnli', 'dev')).toThrow(DatasetError);
    expect(() => glueFileName('cola', 'dev_matched')).toThrow(/train\/dev\/test/);
    expect(() => glueFileName('nope' as GlueFileTask, 'dev')).toThrow(/unknown GLUE task/);
    const records = await readGlueSplit(files.dir + '/glue_data', 'mnli_matched', 'dev').toArray();
    expect(records).toHaveLength(3);
  });

  it('reports a row with too few fields with file and line', async () => {
    const path = files.write(
      'bad/rte.tsv',
      tsv([
        ['index', 'sentence1', 'sentence2', 'label'],
        ['0', 'a', 'b', 'entailment'],
        ['1', 'only one sentence'],
      ]),
    );
    const error = await datasetError(readGlue(path, 'rte').toArray());
    expect(error.code).toBe('MALFORMED_ROW');
    expect(error.file).toBe(path);
    expect(error.line).toBe(3);
    expect(error.message).toContain(`${path}:3:`);
    expect(error.message).toMatch(/expected at least 4 tab-separated fields, found 2/);
  });

  it('rejects labels outside the task classes and non-numeric STS-B scores', async () => {
    const sst = files.write(
      'bad/sst.tsv',
      tsv([
        ['sentence', 'label'],
        ['good', '1'],
        ['bad', '2'],
      ]),
    );
    const e1 = await datasetError(readGlue(sst, 'sst2').toArray());
    expect([e1.code, e1.line]).toEqual(['BAD_LABEL', 3]);
    const mnli = files.write(
      'bad/mnli.tsv',
      tsv([
        ['sentence1', 'sentence2', 'gold_label'],
        ['a', 'b', '-'],
      ]),
    );
    expect((await datasetError(readGlue(mnli, 'mnli').toArray())).code).toBe('BAD_LABEL');
    const sts = files.write(
      'bad/sts.tsv',
      tsv([
        ['sentence1', 'sentence2', 'score'],
        ['a', 'b', 'high'],
      ]),
    );
    const e3 = await datasetError(readGlue(sts, 'stsb').toArray());
    expect(e3.message).toMatch(/numeric score, found "high"/);
  });

  it('skips and counts bad rows on request, keeping idx aligned with the file', async () => {
    const path = files.write(
      'bad/qnli.tsv',
      tsv([
        ['index', 'question', 'sentence', 'label'],
        ['0', 'q0', 's0', 'entailment'],
        ['1', 'q1'],
        ['2', 'q2', 's2', 'maybe'],
        ['3', 'q3', 's3', 'not_entailment'],
      ]),
    );
    const stream = readGlue(path, 'qnli', { onBadRow: 'skip' });
    const records = await stream.toArray();
    expect(records.map((r) => [r.idx, r.label])).toEqual([
      [0, 0],
      [3, 1],
    ]);
    expect(stream.stats.records).toBe(2);
    expect(stream.stats.skipped).toBe(2);
    expect(stream.stats.errors.map((e) => [e.code, e.line])).toEqual([
      ['MALFORMED_ROW', 3],
      ['BAD_LABEL', 4],
    ]);
  });

  it('fails on a header without the task columns, a missing file, and a second iteration', async () => {
    const path = files.write(
      'bad/header.tsv',
      tsv([
        ['index', 'text', 'label'],
        ['0', 'x', '1'],
      ]),
    );
    const e = await datasetError(readGlue(path, 'rte').toArray());
    expect([e.code, e.line]).toEqual(['MISSING_COLUMN', 1]);
    expect(e.message).toMatch(/lacks column "sentence1"/);
    const missing = await datasetError(readGlue(`${files.dir}/nope.tsv`, 'rte').toArray());
    expect(missing.code).toBe('FILE_NOT_FOUND');
    expect(missing.file).toBe(`${files.dir}/nope.tsv`);
    const stream = parseGlueTsv('sentence\tlabel\nx\t1\n', 'sst2');
    await stream.toArray();
    expect((await datasetError(stream.toArray())).code).toBe('ALREADY_CONSUMED');
  });
});
