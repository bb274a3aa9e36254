import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withHfAliases } from '../src/lib/hf-flags.js';
import { albert } from './helpers/cli.js';
import { sentimentCsv, taskCorpus, tinyTask } from './helpers/tiny-task.js';

describe('Hugging Face example-script flags', () => {
  it('are rewritten to ours for finetune, evaluate, pretrain and tokenize only', () => {
    expect(
      withHfAliases([
        '--json',
        'finetune',
        'classification',
        '--model_name_or_path',
        'm',
        '--train_file=t.csv',
        '--validation_file',
        'd.csv',
        '--max_seq_length',
        '64',
        '--learning_rate',
        '1e-3',
        '--num_train_epochs',
        '3.0',
        '--per_device_train_batch_size',
        '8',
        '--output_dir',
        'o',
        '--seed',
        '1',
      ]),
    ).toEqual([
      '--json',
      'finetune',
      'classification',
      '--model',
      'm',
      '--train=t.csv',
      '--dev',
      'd.csv',
      '--max-seq-length',
      '64',
      '--lr',
      '1e-3',
      '--epochs',
      '3',
      '--batch-size',
      '8',
      '--out',
      'o',
      '--seed',
      '1',
    ]);
    expect(
      withHfAliases(['pretrain', '--train_file', 'c.txt', '--model_name_or_path', 'albert-base-v2']),
    ).toEqual(['pretrain', '--input', 'c.txt', '--model-config', 'albert-base-v2']);
    expect(withHfAliases(['tokenize', '--max-length', '8'])).toEqual(['tokenize', '--max-seq-length', '8']);
    expect(withHfAliases(['predict', '--max-length', '8'])).toEqual(['predict', '--max-length', '8']);
  });
});

describe('HF spellings end to end', () => {
  it('tokenize: --max-seq-length, the old --max-length, and either as a --config key', async () => {
    const t = await tinyTask('albert-tok-len-');
    const text = 'the movie was great and the actors were good';
    const run = async (...args: string[]) => {
      const r = await albert('tokenize', '-m', t.model, text, '--json', '--quiet', ...args);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim()).ids as number[];
    };
    const ids = await run('--max-seq-length', '6');
    expect(ids).toHaveLength(6);
    expect(await run('--max-length', '6')).toEqual(ids);
    expect(await run('--max-length=6')).toEqual(ids);
    expect(await run('-c', t.file('old.yaml', 'max-length: 6\n'))).toEqual(ids);
    expect(await run('-c', t.file('new.json', '{"max-seq-length": 6}'))).toEqual(ids);
    expect((await run()).length).toBeGreaterThan(6);
    const help = await albert('tokenize', '--help');
    expect(help.stdout).toContain('--max-seq-length');
    expect(help.stdout).not.toMatch(/^\s+--max-length/m);
  });

  it('finetune and pretrain run with them', async () => {
    const t = await tinyTask('albert-hf-flags-');
    const train = t.file('train.csv', sentimentCsv(16, 1));
    const dev = t.file('dev.csv', sentimentCsv(8, 2));
    const out = join(t.dir, 'ft');
    const ft = await albert(
      'finetune',
      'classification',
      '--model_name_or_path',
      t.model,
      '--train_file',
      train,
      '--validation_file',
      dev,
      '--max_seq_length',
      '32',
      '--learning_rate',
      '1e-3',
      '--num_train_epochs',
      '1.0',
      '--per_device_train_batch_size',
      '8',
      '--output_dir',
      out,
      '--seed',
      '3',
      '--quiet',
    );
    expect(ft.code, ft.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).step).toBe(2);
    const pt = join(t.dir, 'pt');
    const r = await albert(
      'pretrain',
      '--train_file',
      t.file('corpus.txt', taskCorpus()),
      '-t',
      join(t.model, 'spiece.model'),
      '--output_dir',
      pt,
      '--max_steps',
      '1',
      '--max_seq_length',
      '16',
      '--per_device_train_batch_size',
      '2',
      '--learning_rate',
      '1e-3',
      '--seed',
      '1',
      '--hidden-size',
      '16',
      '--embedding-size',
      '8',
      '--layers',
      '1',
      '--heads',
      '2',
      '--intermediate-size',
      '16',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(pt, 'model', 'model.safetensors'))).toBe(true);
  });
});
