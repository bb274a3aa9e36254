import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createMaskedLmPredictions,
  createPretrainingExamples,
  isStartPiece,
  type PretrainingExample,
  Rng,
  splitSentences,
  TrainingError,
} from '../src/index.js';
import { readDocuments } from '../src/node.js';
import { fakeTokenizer } from './helpers/fake-tokenizer.js';

async function collect<T>(it: AsyncIterable<T>, max = Number.POSITIVE_INFINITY): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) {
    out.push(x);
    if (out.length >= max) break;
  }
  return out;
}

/** Documents whose sentences are made of unique words `d<doc>s<sentence>w<k>`. */
function numberedDocs(nDocs: number, nSent: number, words = 6): string[][] {
  return Array.from({ length: nDocs }, (_, d) =>
    Array.from({ length: nSent }, (_, s) =>
      Array.from({ length: words }, (_, k) => `d${d}s${s}w${k}`).join(' '),
    ),
  );
}

describe('pretraining data: structure', () => {
  it('A/B come from the same document; label 0 = document order, 1 = swapped', async () => {
    const tok = fakeTokenizer(100000);
    const docs = numberedDocs(12, 9);
    const examples = await collect(
      createPretrainingExamples(docs, tok, {
        maxSeqLength: 40,
        dupeFactor: 3,
        maskedLmProb: 0,
        randomSeed: 7,
      }),
    );
    expect(examples.length).toBeGreaterThan(50);
    // Words are "d<doc>s<sentence>w<k>"; the first complete one of A and of B gives their position.
    const firstWord = (ids: number[]) => {
      const words = tok.convertIdsToTokens(ids).join('').split('\u2581');
      const m = words.map((w) => /^d(\d+)s(\d+)w(\d+)$/.exec(w)).find((x) => x);
      return m ? { doc: Number(m[1]), pos: Number(m[2]) * 100 + Number(m[3]) } : null;
    };
    let swapped = 0;
    let fragments = 0;
    for (const ex of examples) {
      const sep = ex.inputIds.indexOf(3);
      const a = firstWord(ex.inputIds.slice(1, sep));
      const b = firstWord(ex.inputIds.slice(sep + 1, ex.length - 1));
      // Truncation can leave a side holding only the tail of a word: nothing to locate.
      if (!a || !b) {
        fragments++;
        continue;
      }
      expect(a.doc, 'same document').toBe(b.doc);
      if (ex.sentenceOrderLabel === 0) expect(a.pos).toBeLessThan(b.pos);
      else {
        expect(a.pos).toBeGreaterThan(b.pos);
        swapped++;
      }
      expect(ex.tokenTypeIds.slice(0, sep + 1).every((t) => t === 0)).toBe(true);
      expect(ex.tokenTypeIds.slice(sep + 1, ex.length).every((t) => t === 1)).toBe(true);
      expect(ex.inputIds.length).toBe(40);
      expect(ex.attentionMask.reduce((x, y) => x + y, 0)).toBe(ex.length);
    }
    expect(fragments).toBeLessThan(examples.length * 0.1);
    expect(swapped).toBeGreaterThan(examples.length * 0.3);
    expect(swapped).toBeLessThan(examples.length * 0.7);
  });

  it('streams: holds at most documentBufferSize documents before the first example', async () => {
    let pulled = 0;
    async function* source() {
      for (let d = 0; d < 1_000_000; d++) {
        pulled++;
        yield [`alpha beta gamma delta ${d}`, `epsilon zeta eta theta ${d}`, `iota kappa lambda mu ${d}`];
      }
    }
    const tok = fakeTokenizer(1000);
    const first = await collect(
      createPretrainingExamples(source(), tok, { maxSeqLength: 32, dupeFactor: 2, documentBufferSize: 50 }),
      1,
    );
    expect(first.length).toBe(1);
    expect(pulled).toBeLessThanOrEqual(50);
  });

  it('is deterministic for a seed and differs across seeds', async () => {
    const docs = numberedDocs(20, 8, 5);
    const run = async (seed: number) =>
      JSON.stringify(
        await collect(
          createPretrainingExamples(docs, fakeTokenizer(5000), {
            maxSeqLength: 48,
            dupeFactor: 2,
            randomSeed: seed,
          }),
        ),
      );
    const a = await run(1);
    expect(await run(1)).toBe(a);
    expect(await run(2)).not.toBe(a);
  });

  it('never masks specials or padding, never splits a word, respects the budget (property)', () => {
    const tok = fakeTokenizer(3000);
    const table = new Uint8Array(3000);
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z]{1,9}$/), { minLength: 2, maxLength: 60 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 1, max: 25 }),
        (words, seed, maxPred) => {
          const body = tok.convertTokensToIds(tok.tokenize(words.join(' ')));
          for (let i = 0; i < tok.pieces.length; i++) table[i] = isStartPiece(tok.pieces[i]) ? 1 : 0;
          const cut = Math.max(1, Math.floor(body.length / 2));
          // A continuation piece right after [SEP] (the B side was truncated at the front).
          const ids = [2, ...body.slice(0, cut), 3, ...body.slice(cut), 3];
          const sep = cut + 1;
          const special = (i: number) => i === 0 || i === sep || i === ids.length - 1;
          const r = createMaskedLmPredictions(
            ids,
            special,
            table,
            {
              maskedLmProb: 0.15,
              maxPredictionsPerSeq: maxPred,
              ngram: 3,
              doWholeWordMask: true,
              favorShorterNgram: true,
              vocabSize: 3000,
              maskTokenId: 4,
            },
            new Rng(seed),
          );
          const masked = new Set(r.positions);
          expect(r.positions.length).toBeLessThanOrEqual(
            Math.min(maxPred, Math.max(1, Math.round(ids.length * 0.15))),
          );
          for (const p of r.positions) expect(special(p)).toBe(false);
          for (let k = 0; k < r.positions.length; k++) expect(r.labels[k]).toBe(ids[r.positions[k]]);
          // Words: a start piece (or the first piece after a special) and the pieces that follow it.
          let word: number[] = [];
          const check = () => {
            const n = word.filter((i) => masked.has(i)).length;
            expect(n === 0 || n === word.length).toBe(true);
          };
          for (let i = 0; i < ids.length; i++) {
            if (special(i)) {
              check();
              word = [];
            } else if (table[ids[i]] === 1 || word.length === 0) {
              check();
              word = [i];
            } else word.push(i);
          }
          check();
          expect(r.ngramSizes.length).toBe(r.ngramLengths.length);
          for (let k = 0; k < r.ngramSizes.length; k++)
            expect(r.ngramLengths[k]).toBeLessThanOrEqual(r.ngramSizes[k]);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('pretraining data: pieces of the recipe', () => {
  it('start pieces follow _is_start_piece_sp', () => {
    for (const p of ['\u2581the', '<unk>', ',', '.', '"', '9', 'é', "'s", 'x2', '\u2581'])
      expect(isStartPiece(p), p).toBe(true);
    for (const p of ['ing', 's', 'ED', 'a-b', '[mask]']) expect(isStartPiece(p), p).toBe(false);
  });

  it('splits running text into sentences', () => {
    expect(splitSentences('He came. She left! "Why?" Nobody knew.\nNew line here')).toEqual([
      'He came.',
      'She left!',
      '"Why?"',
      'Nobody knew.',
      'New line here',
    ]);
    expect(splitSentences('e.g. this stays one. 3 more.')).toEqual(['e.g. this stays one.', '3 more.']);
  });

  it('reads text and JSONL documents from files, streaming', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'albert-docs-'));
    writeFileSync(join(dir, 'a.txt'), 'One.\nTwo.\n\n\nThree.\r\nFour.\n');
    writeFileSync(join(dir, 'b.jsonl'), '{"text":"Hello there. General Kenobi."}\n\n["x y", "z"]\n"plain"\n');
    expect(await collect(readDocuments(join(dir, 'a.txt')))).toEqual([
      ['One.', 'Two.'],
      ['Three.', 'Four.'],
    ]);
    expect(await collect(readDocuments(join(dir, 'b.jsonl')))).toEqual([
      'Hello there. General Kenobi.',
      ['x y', 'z'],
      'plain',
    ]);
    writeFileSync(join(dir, 'bad.jsonl'), '{"text": 5}\n');
    await expect(collect(readDocuments(join(dir, 'bad.jsonl')))).rejects.toThrow(/bad\.jsonl:1/);
    writeFileSync(join(dir, 'broken.jsonl'), '{"text": \n');
    await expect(collect(readDocuments(join(dir, 'broken.jsonl')))).rejects.toThrow(TrainingError);
  });

  it('rejects bad options and documents with typed errors', async () => {
    const tok = fakeTokenizer();
    await expect(collect(createPretrainingExamples([['a b']], tok, { maxSeqLength: 2 }))).rejects.toThrow(
      /maxSeqLength/,
    );
    await expect(collect(createPretrainingExamples([['a b']], tok, { maskedLmProb: 2 }))).rejects.toThrow(
      TrainingError,
    );
    await expect(collect(createPretrainingExamples([42 as never], tok, {}))).rejects.toThrow(/document 0/);
    await expect(collect(createPretrainingExamples('text' as never, tok, {}))).rejects.toThrow(/documents/);
    const ex: PretrainingExample[] = await collect(createPretrainingExamples([[''], []], tok, {}));
    expect(ex).toEqual([]);
  });
});
