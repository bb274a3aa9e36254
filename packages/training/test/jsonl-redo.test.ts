import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dropRedoneRecords, jsonlLogger } from '../src/node.js';

const steps = (p: string) =>
  readFileSync(p, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l).step);

describe('JSONL log after a resume', () => {
  it('drops the records of the steps that run again, and a half-written last line', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'albert-jsonl-')), 'log.jsonl');
    const lines = [1, 2, 3, 4, 5, 6, 7, 8].map((s) =>
      JSON.stringify({ type: 'train', step: s, loss: 1 / s }),
    );
    writeFileSync(p, `${lines.join('\n')}\n{"type":"train","st`);
    expect(dropRedoneRecords(p, 5)).toBe(4);
    expect(steps(p)).toEqual([1, 2, 3, 4, 5]);
    expect(dropRedoneRecords(p, 5)).toBe(0);
  });

  it('only cuts the records of its own run when runs share a file', () => {
    const p = join(mkdtempSync(join(tmpdir(), 'albert-jsonl-')), 'log.jsonl');
    const rec = (phase: string, step: number) => JSON.stringify({ phase, step });
    writeFileSync(p, `${[rec('pretrain', 50), rec('finetune', 4), rec('finetune', 8)].join('\n')}\n`);
    dropRedoneRecords(p, 5, (r) => r.phase === 'finetune');
    expect(steps(p)).toEqual([50, 4]);
  });

  it('jsonlLogger truncates when the Trainer says it resumed', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'albert-jsonl-')), 'log.jsonl');
    writeFileSync(p, `${[2, 4, 6].map((s) => JSON.stringify({ type: 'train', step: s })).join('\n')}\n`);
    const cb = jsonlLogger(p);
    await cb.onTrainBegin?.({ step: 4, maxSteps: 10, resumed: false });
    expect(steps(p)).toEqual([2, 4, 6]);
    await cb.onTrainBegin?.({ step: 4, maxSteps: 10, resumed: true });
    expect(steps(p)).toEqual([2, 4]);
  });
});
