import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'fuzz-child.mjs');
// Bounded in CI (~20 s in all); ALBERT_FUZZ=full runs minutes.
const FULL = process.env.ALBERT_FUZZ === 'full';
const ST_MS = FULL ? 180_000 : 10_000;
const CFG_MS = FULL ? 60_000 : 5_000;
const SEED = Number(process.env.ALBERT_FUZZ_SEED ?? Date.now() % 2 ** 31);

interface Counts {
  label: string;
  cases: number;
  refused: number;
  identical: number;
  other: number;
  firstOther: unknown;
  report?: string;
  seconds: number;
}

/** Runs the fuzz child under a heap cap and a wall-clock bound (a hang or OOM fails the test). */
function runChild(): Promise<Counts[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=1536',
        CHILD,
        dirname(fixturePath('albert-tiny', 'config.json')),
        String(ST_MS),
        String(CFG_MS),
        String(SEED),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), ST_MS + CFG_MS + 30_000);
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code !== 0)
        return reject(
          new Error(`fuzz child ended with ${signal ?? code} (seed ${SEED}): ${err.slice(-2000)}`),
        );
      resolve(
        out
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l) as Counts),
      );
    });
  });
}

describe('fuzz: hostile safetensors files and config.json (child process, time-bounded)', () => {
  it('every case ends in a typed refusal or weights identical to the file', async () => {
    const results = await runChild();
    expect(results.map((r) => r.label)).toEqual(['safetensors', 'config.json']);
    for (const r of results) {
      console.log(
        `fuzz ${r.label}: ${r.cases} cases, ${r.refused} refused (typed), ${r.identical} loaded identical, ${r.other} other (seed ${SEED}, ${r.seconds} s)`,
      );
      expect(r.other, `${r.label}: ${JSON.stringify(r.firstOther)}\n${r.report ?? ''}`).toBe(0);
      expect(r.cases).toBeGreaterThan(50);
      expect(r.refused).toBeGreaterThan(0);
      expect(r.identical).toBeGreaterThan(0);
    }
  }, 600_000);
});
