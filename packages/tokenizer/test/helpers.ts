import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import { AlbertTokenizer, SentencePieceProcessor } from '../src/index.js';

export const FIXTURE_MODELS = [
  '30k-clean.model',
  'albert-en-30k-reconstructed.model',
  'brown-8k.model',
] as const;

const spCache = new Map<string, SentencePieceProcessor>();
export function fixtureSp(name: string): SentencePieceProcessor {
  let sp = spCache.get(name);
  if (!sp) {
    sp = SentencePieceProcessor.fromBytes(readFixtureBytes('tokenizer', name));
    spCache.set(name, sp);
  }
  return sp;
}

const tokCache = new Map<string, AlbertTokenizer>();
export function fixtureAlbert(name: string): AlbertTokenizer {
  let t = tokCache.get(name);
  if (!t) {
    t = new AlbertTokenizer(fixtureSp(name));
    tokCache.set(name, t);
  }
  return t;
}

export interface SpCase {
  text: string;
  sp_pieces: string[];
  sp_ids: number[];
  sp_decode: string;
}
export interface HfCase extends SpCase {
  hf_preprocessed: string;
  hf_tokens: string[];
  hf_ids: number[];
  hf_encode: number[];
  hf_decode_skip_special: string;
  hf_decode_skip_special_cleanup: string;
  hf_decode_v4_19: string;
  hf_decode_newer: string;
}
export interface PairCase {
  text_a: string;
  text_b: string;
  max_length: number | null;
  truncation: 'longest_first' | null;
  padding: 'max_length' | null;
  input_ids: number[];
  token_type_ids: number[];
  attention_mask: number[];
}
export interface CaseFile<C> {
  model_file: string;
  cases: C[];
  pairs?: PairCase[];
}

export function readCases<C>(file: string): CaseFile<C> {
  return readFixtureJson<CaseFile<C>>('tokenizer', file);
}

const dataDir = join(dirname(fileURLToPath(import.meta.url)), 'data');
export function dataModel(name: string): Uint8Array {
  return new Uint8Array(Buffer.from(readFileSync(join(dataDir, `${name}.model.b64`), 'utf8'), 'base64'));
}
export function dataJson<T>(name: string): T {
  return JSON.parse(readFileSync(join(dataDir, name), 'utf8')) as T;
}
