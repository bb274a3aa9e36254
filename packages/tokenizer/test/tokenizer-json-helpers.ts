import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFixtureBytes } from '@albert-ts/test-support';
import { AlbertTokenizer, type AlbertTokenizerOptions } from '../src/index.js';
import { type HfCase, readCases, type SpCase } from './helpers.js';

/** Every string of the three tokenizer case files (each model is checked on all of them). */
export function allFixtureStrings(): string[] {
  const texts = [
    ...readCases<HfCase>('cases.json').cases,
    ...readCases<HfCase>('en-cases.json').cases,
    ...readCases<SpCase>('brown-8k-cases.json').cases,
  ].map((c) => c.text);
  return [...new Set(texts)];
}

export function pairFixtures(): Array<[string, string]> {
  return readCases<HfCase>('cases.json').pairs!.map((p) => [p.text_a, p.text_b]);
}

export function fromModel(name: string, options?: AlbertTokenizerOptions): AlbertTokenizer {
  return AlbertTokenizer.fromBytes(readFixtureBytes('tokenizer', name), options);
}

const dirs: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'albert-tok-json-'));
  dirs.push(d);
  return d;
}
export function removeTempDirs(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Everything a tokenizer's output says about a text: pieces, ids, offsets, with specials. */
export function fingerprint(t: AlbertTokenizer, text: string) {
  const { tokens, ids, offsets } = t.tokenizeWithOffsets(text);
  return { tokens, ids, offsets, encoded: t.encode(text).inputIds };
}

/** Whether `text` holds one of the tokenizer's special token strings. */
export function hasSpecialString(t: AlbertTokenizer, text: string): boolean {
  return [t.clsToken, t.sepToken, t.maskToken, t.unkToken, t.padToken].some((s) => text.includes(s));
}
