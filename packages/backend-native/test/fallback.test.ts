import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 6, acceptance 5: with the addon forced off — ALBERT_NATIVE=0, an addon file that cannot
// load, no addon file at all — setupBackend() reports native: false with the reason, and the
// whole parity matrix column 'wasm+native' (every fixture case, head and gradient) passes on the
// plain wasm kernels. Each scenario reruns parity-matrix.test.ts in a child vitest process, as a
// user's process would start: the env var / the broken install is in place before anything loads.

const pkg = fileURLToPath(new URL('..', import.meta.url));
const vitestBin = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'albert-native-fallback-'));

/** A copy of this package's install (dist, package.json) whose addon file is `addon` or absent. */
function brokenInstall(name: string, addon: Buffer | null): string {
  const dir = join(tmp, name);
  mkdirSync(join(dir, 'build', 'Release'), { recursive: true });
  cpSync(join(pkg, 'dist'), join(dir, 'dist'), { recursive: true });
  cpSync(join(pkg, 'package.json'), join(dir, 'package.json'));
  rmSync(join(dir, 'dist', 'native-build.json'), { force: true });
  symlinkSync(join(pkg, 'node_modules'), join(dir, 'node_modules'));
  if (addon) writeFileSync(join(dir, 'build', 'Release', 'albert_native.node'), addon);
  return join(dir, 'dist', 'index.js');
}

interface Report {
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
}

function runMatrix(name: string, env: Record<string, string>): { report: Report; info: unknown } {
  const out = join(tmp, `${name}.json`);
  const infoFile = join(tmp, `${name}.info.json`);
  const childEnv: Record<string, string | undefined> = {
    ...process.env,
    ...env,
    ALBERT_MATRIX: 'wasm+native',
    ALBERT_MATRIX_INFO_FILE: infoFile,
  };
  for (const k of Object.keys(childEnv)) if (k.startsWith('VITEST')) delete childEnv[k];
  if (!('ALBERT_NATIVE' in env)) delete childEnv.ALBERT_NATIVE;
  const r = spawnSync(
    process.execPath,
    [vitestBin, 'run', 'test/parity-matrix.test.ts', '--reporter=json', `--outputFile=${out}`],
    { cwd: pkg, encoding: 'utf8', env: childEnv, timeout: 180_000 },
  );
  expect(r.status, `child vitest (${name}) failed:\n${r.stdout}\n${r.stderr}`).toBe(0);
  return {
    report: JSON.parse(readFileSync(out, 'utf8')) as Report,
    info: JSON.parse(readFileSync(infoFile, 'utf8')),
  };
}

// What the matrix runs per column: 10 encoder/pretraining cases, 12 head cases, 3 gradient
// checks, the cross-entropy dispatch check (counted here so a shrunken matrix fails this test).
const PER_COLUMN = 32;

describe('fallback when the native addon is off', () => {
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each([
    ['ALBERT_NATIVE=0', () => ({ ALBERT_NATIVE: '0' }), /native kernels disabled/],
    [
      'an addon file that cannot load',
      () => ({
        ALBERT_MATRIX_NATIVE_MODULE: brokenInstall('garbage', Buffer.from('not an ELF shared object\n')),
        ALBERT_MATRIX_EXPECT_REASON: 'native addon failed to load',
      }),
      /native addon failed to load: .*albert_native\.node/,
    ],
    [
      'no addon file (not built)',
      () => ({
        ALBERT_MATRIX_NATIVE_MODULE: brokenInstall('missing', null),
        ALBERT_MATRIX_EXPECT_REASON: 'native addon not built',
      }),
      /native addon not built/,
    ],
  ] as const)(
    '%s: setupBackend reports native false with the reason; every parity case passes on plain wasm',
    (name, env, reason) => {
      const { report, info } = runMatrix(name.replace(/\W+/g, '-'), env());
      expect(report.success).toBe(true);
      expect(report.numFailedTests).toBe(0);
      expect(report.numTotalTests).toBe(PER_COLUMN);
      expect(report.numPassedTests).toBe(PER_COLUMN);
      expect(info).toMatchObject({ backend: 'wasm', native: false });
      expect((info as { reason: string }).reason).toMatch(reason);
    },
  );
});
