import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readLines } from '../src/lines.js';
import { cut, datasetError } from './helpers.js';

async function collect(source: Parameters<typeof readLines>[0]) {
  const out: [number, string][] = [];
  for await (const l of readLines(source, { file: 'mem.txt' })) out.push([l.line, l.text]);
  return out;
}

/** What lines a text has, by definition: split at \n, drop one trailing \r, no final empty line. */
function expectedLines(text: string): [number, string][] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body.length === 0) return [];
  const parts = body.split('\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts.map((p, i) => [i + 1, p.endsWith('\r') ? p.slice(0, -1) : p]);
}

describe('readLines', () => {
  it('gives the same lines for any split of the UTF-8 bytes into chunks', async () => {
    const enc = new TextEncoder();
    await fc.assert(
      fc.asyncProperty(
        fc.string({
          unit: fc.constantFrom('a', 'é', '€', '😀', '\n', '\r\n', ' ', '\t', '\r'),
          maxLength: 60,
        }),
        fc.array(fc.nat(250), { maxLength: 8 }),
        async (text, points) => {
          const bytes = enc.encode(text);
          const chunks = cut(bytes, points);
          expect(await collect(chunks)).toEqual(expectedLines(text));
          expect(await collect(text)).toEqual(expectedLines(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('drops a BOM, reads web ReadableStreams and string chunks', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d]));
        c.enqueue(new Uint8Array([0x0a, 0x62]));
        c.close();
      },
    });
    expect(await collect(stream)).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
    expect(await collect(['x\ny', 'z\n'])).toEqual([
      [1, 'x'],
      [2, 'yz'],
    ]);
  });

  it('rejects invalid UTF-8 naming the line', async () => {
    const bytes = new Uint8Array([0x61, 0x0a, 0x62, 0x0a, 0x63, 0xff, 0x0a, 0x64]);
    const error = await datasetError(collect(bytes));
    expect(error.code).toBe('BAD_ENCODING');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^mem\.txt:3: /);
  });

  it('rejects what is not text', async () => {
    expect((await datasetError(collect(42 as never))).code).toBe('INVALID_INPUT');
    expect((await datasetError(collect([1, 2] as never))).code).toBe('INVALID_INPUT');
  });
});
