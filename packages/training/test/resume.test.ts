import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../src/node.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'resume-child.mjs');
const STEPS = 16;

/** Runs the child; `killWhen(line)` returning true SIGKILLs it right away. */
function run(
  dir: string,
  args: string[],
  killWhen?: (line: string) => boolean,
): Promise<{ code: number | null; signal: string | null; lines: string[] }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [CHILD, dir, String(STEPS), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let err = '';
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      let i = buf.indexOf('\n');
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(line);
        if (killWhen?.(line)) child.kill('SIGKILL');
        i = buf.indexOf('\n');
      }
    });
    child.stderr!.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGKILL') reject(new Error(`child failed (${code}): ${err}`));
      else resolve({ code, signal, lines });
    });
  });
}

const finalWeights = (dir: string) => readFileSync(join(dir, 'final.json'), 'utf8');

describe('resume after SIGKILL (child processes, cpu backend)', () => {
  it('a run killed mid-way and resumed ends with bitwise the weights of an uninterrupted run', async () => {
    const ref = mkdtempSync(join(tmpdir(), 'albert-kill-ref-'));
    const killed = mkdtempSync(join(tmpdir(), 'albert-kill-'));
    const [a, b] = await Promise.all([run(ref, []), run(killed, ['--delay', '20'], (l) => l === 'step 7')]);
    expect(a.lines.at(-1)).toBe('done');
    expect(b.signal).toBe('SIGKILL');
    expect(b.lines).not.toContain('done');
    const resumed = await run(killed, ['--resume']);
    const from = Number(resumed.lines.find((l) => l.startsWith('resumed '))!.split(' ')[1]);
    // Killed after step 7 was reported: the last checkpoint is from an even step ≥ 6 (saveEvery 2).
    expect(from).toBeGreaterThanOrEqual(6);
    expect(from % 2).toBe(0);
    expect(from).toBeLessThan(STEPS);
    expect(finalWeights(killed)).toBe(finalWeights(ref));
  });

  it('a kill during a checkpoint write leaves the previous checkpoint loadable', async () => {
    const ref = mkdtempSync(join(tmpdir(), 'albert-killw-ref-'));
    const dir = mkdtempSync(join(tmpdir(), 'albert-killw-'));
    const [, b] = await Promise.all([
      run(ref, []),
      run(dir, ['--block-on-save', '8'], (l) => l === 'writing'),
    ]);
    expect(b.signal).toBe('SIGKILL');
    const ckpt = join(dir, 'ckpt');
    // The half-written checkpoint exists only as a temp directory holding its first file.
    const temps = readdirSync(ckpt).filter((n) => n.startsWith('.tmp-checkpoint-000008'));
    expect(temps.length).toBe(1);
    expect(readdirSync(join(ckpt, temps[0])).length).toBe(1);
    const store = new FileCheckpointStore(ckpt);
    expect(await store.list()).toEqual(['checkpoint-000004', 'checkpoint-000006']);
    expect(existsSync(join(ckpt, 'checkpoint-000008'))).toBe(false);
    const resumed = await run(dir, ['--resume']);
    expect(resumed.lines).toContain('resumed 6');
    expect(finalWeights(dir)).toBe(finalWeights(ref));
    // The resume removed the killed write's temp directory.
    expect(readdirSync(ckpt).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    expect(await store.cleanTemp()).toBe(0);
  });
});
