// The sweep behind `albert finetune`'s defaults (apps/cli/README.md, "Fine-tuning defaults"):
// classification on a small two-class CSV (400 rows) with the tiny fixture model and a 512-piece
// Brown tokenizer (the model's vocabulary size), dev accuracy (100 rows) per
// lr × epochs × LLRD and seed. Usage: node scripts/finetune-sweep.mjs [--lr a,b] [--epochs a,b]
// [--llrd a,b] [--seeds a,b]   (run `pnpm --filter @albert-ts/cli build` first)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sentimentCsv } from './task-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const main = join(here, '..', 'dist', 'main.js');
const fixtures = process.env.ALBERT_FIXTURES ?? join(here, '..', '..', '..', '..', 'shared', 'fixtures');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i > 0 ? process.argv[i + 1] : dflt).split(',');
};
const albert = (...args) => execFileSync(process.execPath, [main, ...args, '--quiet'], { encoding: 'utf8' });

const dir = mkdtempSync(join(tmpdir(), 'albert-sweep-'));
const model = join(dir, 'model');
mkdirSync(model);
for (const f of ['config.json', 'model.safetensors'])
  copyFileSync(join(fixtures, 'albert-tiny', f), join(model, f));
albert(
  'train-tokenizer',
  '--brown',
  '--max-sentences',
  '5000',
  '-o',
  join(model, 'spiece.model'),
  '--vocab-size',
  '512',
);
writeFileSync(join(dir, 'train.csv'), sentimentCsv(400, 1));
writeFileSync(join(dir, 'dev.csv'), sentimentCsv(100, 2));

const seeds = arg('seeds', '1,2,3');
console.log(`| lr | epochs | LLRD | ${seeds.map((s) => `seed ${s}`).join(' | ')} | mean |`);
console.log(`|---|---|---|${seeds.map(() => '---|').join('')}---|`);
for (const lr of arg('lr', '5e-5,5e-4,1.2e-3,2e-3,5e-3'))
  for (const epochs of arg('epochs', '3,5'))
    for (const llrd of arg('llrd', '0.8,1')) {
      const accs = seeds.map((seed) => {
        const out = join(dir, `ft-${lr}-${epochs}-${llrd}-${seed}`);
        const flags = ['--lr', lr, '--epochs', epochs, '--llrd', llrd, '--seed', seed];
        albert(
          'finetune',
          'classification',
          '-m',
          model,
          '--train',
          join(dir, 'train.csv'),
          '--dev',
          join(dir, 'dev.csv'),
          '-o',
          out,
          ...flags,
        );
        return JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).dev.accuracy;
      });
      const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
      console.log(
        `| ${lr} | ${epochs} | ${llrd} | ${accs.map((a) => a.toFixed(3)).join(' | ')} | ${mean.toFixed(3)} |`,
      );
    }
