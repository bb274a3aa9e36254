import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { taskCorpus } from '../../scripts/task-data.mjs';
import { albert } from './cli.js';

export { sentimentCsv, taggingJsonl, taskCorpus } from '../../scripts/task-data.mjs';

/**
 * A temp folder with the tiny fixture model (vocabulary 512) and a SentencePiece model trained on
 * the task words (the fixture tokenizers have more than 512 pieces).
 */
export interface TinyTask {
  dir: string;
  model: string;
  file(name: string, text: string): string;
}

/**
 * `brown`: a 512-piece tokenizer trained on Brown (the model's vocabulary size, as a user would
 * make one; what the fine-tuning defaults sweep uses) instead of the small one from the task words.
 */
export async function tinyTask(prefix: string, o: { brown?: boolean } = {}): Promise<TinyTask> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const text = file('corpus.txt', taskCorpus());
  const model = join(dir, 'model');
  mkdirSync(model);
  for (const f of ['config.json', 'model.safetensors'])
    copyFileSync(fixturePath('albert-tiny', f), join(model, f));
  const spm = join(model, 'spiece.model');
  const corpus = o.brown ? ['--brown', '--max-sentences', '5000'] : ['-i', text];
  const r = await albert('train-tokenizer', ...corpus, '-o', spm, '--vocab-size', o.brown ? '512' : '60');
  if (r.code !== 0) throw new Error(`train-tokenizer failed: ${r.stderr}`);
  return { dir, model, file };
}
