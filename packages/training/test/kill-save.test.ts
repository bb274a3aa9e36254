import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSafetensors } from '@albert-ts/core';
import { describe, expect, it } from 'vitest';
import { FileCheckpointStore } from '../src/node.js';

const KILLS = 12;
const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'save-loop-child.mjs');

/** Runs the child; with `killAfterMs`, SIGKILLs it that long after it printed "ready". */
function run(dir: string, mode: 'loop' | 'check', killAfterMs?: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, mode], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let err = '';
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const l = buf.slice(0, i);
        buf = buf.slice(i + 1);
        lines.push(l);
        if (l.startsWith('ready') && killAfterMs !== undefined)
          setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' || code === 0) resolve(lines);
      else reject(new Error(`child failed (${code}): ${err}`));
    });
  });
}

/** Temp or moved-aside folders (`.tmp-*`, `.old-*`) anywhere under `dir`. */
function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith('.tmp-') || e.name.startsWith('.old-')) out.push(join(d, e.name));
      else if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir);
  return out;
}

/** The model folder is absent or complete: both files, each of them whole. */
function modelFolderState(modelDir: string): 'absent' | 'complete' {
  if (!existsSync(modelDir)) return 'absent';
  expect(readdirSync(modelDir).sort()).toEqual(['config.json', 'model.safetensors']);
  JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8'));
  parseSafetensors(new Uint8Array(readFileSync(join(modelDir, 'model.safetensors'))));
  return 'complete';
}

/** Seeded kill delays, so a failure can be replayed. */
function delays(seed: number, n: number): number[] {
  let s = seed >>> 0;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % 400;
  });
}

describe('SIGKILL during checkpoint and final-model saves (child processes, cpu backend)', () => {
  it('a kill at any point leaves no stray temp folder after the next start and never a half-written model/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'albert-killsave-'));
    const modelDir = join(dir, 'out', 'model');
    const seed = Number(process.env.ALBERT_KILL_SEED ?? 20240611);
    let caughtMidWrite = 0;
    for (const ms of delays(seed, KILLS)) {
      await run(dir, 'loop', ms);
      // Right after the kill: the model folder is never half-written, listed checkpoints are whole.
      modelFolderState(modelDir);
      const store = new FileCheckpointStore(join(dir, 'ckpt'));
      for (const name of await store.list()) {
        expect([...(await store.read(name)).keys()].sort(), name).toEqual([
          'config.json',
          'model.safetensors',
          'optimizer.safetensors',
          'trainer_state.json',
        ]);
      }
      if (leftovers(dir).length) caughtMidWrite++;
    }
    const out = await run(dir, 'check');
    const report = JSON.parse(out.at(-1)!);
    console.log(
      `kill-save: seed ${seed}, ${KILLS} kills, ${caughtMidWrite} left temp folders behind; ${out.at(-1)}`,
    );
    // The kills did land inside writes (else this would test nothing)…
    expect(caughtMidWrite).toBeGreaterThan(0);
    // …and after the next start nothing of them is left; the model folder is complete and loads.
    expect(leftovers(dir)).toEqual([]);
    expect(modelFolderState(modelDir)).toBe('complete');
    expect(report.resumed).toBeGreaterThan(0);
    expect(report.loadedParameters).toBeGreaterThan(0);
  }, 60_000);
});
