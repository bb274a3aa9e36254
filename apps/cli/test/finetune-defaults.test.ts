import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { albert } from './helpers/cli.js';
import { sentimentCsv, tinyTask } from './helpers/tiny-task.js';

// The fine-tuning defaults (lr 5e-5 × 768 / hidden size, 3 epochs, no LLRD; see the sweep in
// README.md) learn a simple task: a two-class CSV whose sentiment word decides the class.
describe('albert finetune with default settings', () => {
  it('learns a small two-class CSV on the tiny fixture model (dev accuracy >= 0.9)', async () => {
    const t = await tinyTask('albert-defaults-', { brown: true });
    const out = join(t.dir, 'ft');
    const train = t.file('train.csv', sentimentCsv(400, 1));
    const dev = t.file('dev.csv', sentimentCsv(100, 2));
    // No optimisation flag at all: only the model, the data and where to write.
    const data = ['--train', train, '--dev', dev, '-o', out];
    const r = await albert('finetune', 'classification', '-m', t.model, ...data, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.dev.accuracy).toBeGreaterThanOrEqual(0.9);
  });
});
