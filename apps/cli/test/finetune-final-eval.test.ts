import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { albert } from './helpers/cli.js';
import { sentimentCsv, type TinyTask, taggingJsonl, tinyTask } from './helpers/tiny-task.js';

// The metrics finetune writes must be those of the features the model trained on: the final
// evaluation (metrics.json, dev-predictions.jsonl) once ignored --tail and --word-pooling, so such
// runs were scored on other inputs than `albert evaluate` with the same flags would use.
let t: TinyTask;
beforeAll(async () => {
  t = await tinyTask('albert-final-eval-');
});

const readJsonl = (p: string) =>
  readFileSync(p, 'utf8')
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

async function finetuneThenEvaluate(
  kind: string,
  train: string,
  dev: string,
  flags: string[],
  trainOnly: string[],
) {
  const out = join(t.dir, `ft-${kind}-${flags.join('')}`);
  const args = [
    '--train',
    train,
    '--dev',
    dev,
    '-o',
    out,
    '--lr',
    '2e-3',
    '--seed',
    '3',
    ...flags,
    ...trainOnly,
  ];
  const ft = await albert('finetune', kind, '-m', t.model, ...args, '--quiet');
  expect(ft.code, ft.stderr).toBe(0);
  const preds = join(t.dir, `ev-${kind}.jsonl`);
  const ev = await albert('evaluate', '-m', out, '--data', dev, '--predictions', preds, '--json', ...flags);
  expect(ev.code, ev.stderr).toBe(0);
  const final = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { dev: unknown };
  const evaluated = JSON.parse(ev.stdout.trim().split('\n').at(-1)!) as { metrics: unknown };
  return {
    final,
    evaluated,
    finalRecords: readJsonl(join(out, 'dev-predictions.jsonl')),
    records: readJsonl(preds),
  };
}

describe('finetune scores the dev set on the features it trained on', () => {
  it('--tail: metrics.json and dev predictions equal `evaluate --tail`', async () => {
    const r = await finetuneThenEvaluate(
      'classification',
      t.file('long-train.csv', sentimentCsv(24, 1, 30)),
      t.file('long-dev.csv', sentimentCsv(12, 2, 30)),
      ['--max-seq-length', '16', '--tail', '5'],
      ['--epochs', '2'],
    );
    expect(r.final.dev).toEqual(r.evaluated.metrics);
    expect(r.finalRecords).toEqual(r.records);
  });

  it('--word-pooling mean: metrics.json equals `evaluate --word-pooling mean`', async () => {
    const r = await finetuneThenEvaluate(
      'token-classification',
      t.file('tag-train.jsonl', taggingJsonl(40, 3)),
      t.file('tag-dev.jsonl', taggingJsonl(20, 4)),
      ['--word-pooling', 'mean'],
      ['--label-all-pieces'],
    );
    expect(r.final.dev).toEqual(r.evaluated.metrics);
    expect(r.finalRecords).toEqual(r.records);
  });
});
