import { describe, expect, it } from 'vitest';
import { parseJsonl } from '../src/jsonl.js';
import { parseCsv, readCsv } from '../src/node/csv.js';
import { readJsonl } from '../src/node/readers.js';
import { datasetError, tempFiles } from './helpers.js';

const files = tempFiles();

describe('JSONL reader', () => {
  it('reads objects, skipping blank lines', async () => {
    const path = files.write('a.jsonl', '{"text":"a","label":1}\n\n  \n{"text":"b\\nc","label":0}\r\n');
    expect(await readJsonl(path, { required: ['text', 'label'] }).toArray()).toEqual([
      { text: 'a', label: 1 },
      { text: 'b\nc', label: 0 },
    ]);
  });

  it('reports bad JSON, non-objects and missing fields by line, or skips them', async () => {
    const text = '{"text":"ok"}\n{"text": broken}\n[1,2]\n{"label":1}\n{"text":"last"}\n';
    const path = files.write('bad.jsonl', text);
    const error = await datasetError(readJsonl(path).toArray());
    expect([error.code, error.file, error.line]).toEqual(['BAD_JSON', path, 2]);
    expect(error.message).toContain(`${path}:2: invalid JSON`);
    const stream = parseJsonl(text, { required: ['text'], onBadRow: 'skip', file: 'mem' });
    expect(await stream.toArray()).toEqual([{ text: 'ok' }, { text: 'last' }]);
    expect(stream.stats).toMatchObject({ records: 2, skipped: 3 });
    expect(stream.stats.errors.map((e) => [e.code, e.line])).toEqual([
      ['BAD_JSON', 2],
      ['MALFORMED_ROW', 3],
      ['MISSING_COLUMN', 4],
    ]);
  });
});

describe('RecordStream', () => {
  it('hands out every record before the malformed row that stops it, and batches on request', async () => {
    const text = '{"n":1}\n{"n":2}\nnot json\n{"n":4}\n';
    const seen: unknown[] = [];
    const error = await datasetError(
      (async () => {
        for await (const record of parseJsonl(text)) seen.push(record);
      })(),
    );
    expect(seen).toEqual([{ n: 1 }, { n: 2 }]);
    expect(error.line).toBe(3);
    const chunks = ['{"n":1}\n{"n"', ':2}\n', '{"n":3}\n'];
    const batches: unknown[][] = [];
    for await (const batch of parseJsonl(chunks).batches()) batches.push(batch);
    expect(batches).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
  });

  it('reads a line spread over thousands of chunks', async () => {
    const long = 'x'.repeat(200_000);
    const text = `{"a":"${long}"}\n{"b":1}`;
    const pieces = Array.from({ length: Math.ceil(text.length / 37) }, (_, i) =>
      text.slice(i * 37, i * 37 + 37),
    );
    expect(await parseJsonl(pieces).toArray()).toEqual([{ a: long }, { b: 1 }]);
  });
});

describe('CSV reader', () => {
  it('reads named columns with quoting, quoted newlines and a BOM', async () => {
    const path = files.write('a.csv', '\uFEFFtext,label\n"hello, world",1\n"two\nlines ""quoted""",0\n');
    expect(await readCsv(path, { required: ['text'] }).toArray()).toEqual([
      { text: 'hello, world', label: '1' },
      { text: 'two\nlines "quoted"', label: '0' },
    ]);
    expect(await parseCsv('a\tb\n1\t2\n', { delimiter: '\t', columns: ['x', 'y'] }).toArray()).toEqual([
      { x: 'a', y: 'b' },
      { x: '1', y: '2' },
    ]);
  });

  it('reports rows with the wrong field count or broken quotes with file and line, or skips them', async () => {
    const text = 'text,label\na,1\nb,2,extra\n"c,3\n';
    const path = files.write('bad.csv', text);
    const error = await datasetError(readCsv(path).toArray());
    expect([error.code, error.file, error.line]).toEqual(['MALFORMED_ROW', path, 3]);
    expect(error.message).toMatch(/expected 2 fields .* found 3/);
    const quotes = await datasetError(parseCsv('text,label\n"a"b,1\n', { file: 'q.csv' }).toArray());
    expect([quotes.code, quotes.file, quotes.line]).toEqual(['MALFORMED_ROW', 'q.csv', 2]);
    // A broken quote cannot be resynchronised (csv-parse reads on in quoted mode), so it sits last here:
    // it is reported as an invalid closing quote, then as a quote left open at the end of the file.
    const stream = parseCsv('text,label\na,1\nb,2,extra\nd,4\n"x"y,3\n', { onBadRow: 'skip' });
    expect(await stream.toArray()).toEqual([
      { text: 'a', label: '1' },
      { text: 'd', label: '4' },
    ]);
    expect(stream.stats.skipped).toBe(3);
    expect(stream.stats.errors.map((e) => e.line).sort()).toEqual([3, 5, 5]);
  });

  it('fails on a header without a required column', async () => {
    const error = await datasetError(parseCsv('a,b\n1,2\n', { required: ['text'] }).toArray());
    expect([error.code, error.line]).toEqual(['MISSING_COLUMN', 1]);
  });
});
