import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { Output } from '../util/output.js';
import type { TokenizerResult } from './results.js';

/**
 * ALBERT's tokenizer lower-cases and strips accents before SentencePiece sees the text, so the
 * vocabulary is trained on text prepared the same way (otherwise half of it would be capitalised
 * pieces the tokenizer can never produce).
 */
export function albertPreprocess(text: string): string {
  return text
    .replace(/``|''/g, '"')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Evenly spaced subset (keeps every genre and document represented when cutting the input). */
export function evenSubset<T>(xs: readonly T[], n: number): T[] {
  if (n <= 0 || n >= xs.length) return xs.slice();
  const out: T[] = [];
  const step = xs.length / n;
  for (let i = 0; i < n; i++) out.push(xs[Math.floor(i * step)]!);
  return out;
}

export async function trainTokenizerPhase(opts: {
  sentences: string[];
  heldOut: string[];
  vocabSize: number;
  limit: number;
  dir: string;
  out: Output;
}): Promise<TokenizerResult & { tokenizer: AlbertTokenizer }> {
  const { trainUnigram, AlbertTokenizer } = await import('@albert-ts/tokenizer');
  const input = evenSubset(opts.sentences, opts.limit).map(albertPreprocess);
  const t0 = Date.now();
  const bar = opts.out.progress('tokenizer', 1);
  let rounds = 0;
  const result = await trainUnigram(input, {
    vocabSize: opts.vocabSize,
    characterCoverage: 0.9995,
    hardVocabLimit: false,
    onProgress: (e) => {
      if (e.stage === 'prune') {
        rounds += 1;
        bar.setTotal(Math.max(rounds + 1, 8));
        bar.update(rounds, { pieces: e.pieces });
      }
    },
  });
  bar.update(Math.max(rounds, 1));
  bar.stop();
  const seconds = (Date.now() - t0) / 1000;
  mkdirSync(opts.dir, { recursive: true });
  const modelPath = join(opts.dir, 'spiece.model');
  writeFileSync(modelPath, result.model);
  const tokenizer = AlbertTokenizer.fromBytes(result.model);
  let pieces = 0;
  for (const s of opts.heldOut) pieces += tokenizer.tokenize(s).length;
  const example = opts.heldOut.find((s) => s.length > 40 && s.length < 120) ?? opts.heldOut[0] ?? '';
  return {
    tokenizer,
    vocabSize: tokenizer.vocabSize,
    sentences: input.length,
    seconds,
    modelPath,
    piecesPerSentence: opts.heldOut.length ? pieces / opts.heldOut.length : 0,
    example: { text: example, pieces: tokenizer.tokenize(example) },
  };
}
