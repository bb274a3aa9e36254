import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// Where the addon cannot be compiled (here: a C/C++ compiler that always fails), the build step
// still exits 0, records why, and the package runs on plain wasm reporting that reason.

const pkg = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'albert-native-nobuild-'));

describe('installation without a working compiler', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('build succeeds, records the reason, and registerNativeKernels() reports it', () => {
    for (const f of ['package.json', 'binding.gyp', 'native', 'dist'])
      cpSync(join(pkg, f), join(dir, f), { recursive: true });
    symlinkSync(join(pkg, 'node_modules'), join(dir, 'node_modules'));
    const build = spawnSync(process.execPath, ['native/build.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CC: '/bin/false', CXX: '/bin/false' },
    });
    expect(build.status).toBe(0);
    expect(existsSync(join(dir, 'build', 'Release', 'albert_native.node'))).toBe(false);
    const status = JSON.parse(readFileSync(join(dir, 'build', 'native-build.json'), 'utf8'));
    expect(status).toMatchObject({
      ok: false,
      blas: 'builtin',
      platform: process.platform,
      arch: process.arch,
    });
    expect(status.reason).toMatch(/node-gyp failed/);
    // the report is in build/ (never packed), none in dist/
    expect(existsSync(join(dir, 'dist', 'native-build.json'))).toBe(false);

    writeFileSync(
      join(dir, 'check.mjs'),
      `import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { isNativeAvailable, registerNativeKernels } from './dist/index.js';
const r = await registerNativeKernels();
await tf.setBackend('wasm');
const y = Array.from(tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).dataSync());
console.log(JSON.stringify({ available: isNativeAvailable(), r, y }));`,
    );
    const env = { ...process.env };
    delete env.ALBERT_NATIVE; // the reason must be the failed build, also in the ALBERT_NATIVE=0 run
    const run = spawnSync(process.execPath, ['check.mjs'], { cwd: dir, encoding: 'utf8', env });
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(out.available).toBe(false);
    expect(out.r.native).toBe(false);
    expect(out.r.reason).toMatch(/not built: node-gyp failed/);
    expect(out.y).toEqual([3, 3, 3, 3]);
  });

  it('ALBERT_NATIVE_BUILD=0 skips compiling and says so', () => {
    const r = spawnSync(process.execPath, ['native/build.mjs', '--force'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, ALBERT_NATIVE_BUILD: '0' },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'build', 'native-build.json'), 'utf8')).reason).toMatch(
      /ALBERT_NATIVE_BUILD=0/,
    );
  });

  // ALBERT_BLAS: a BLAS that is not there (or an unknown value) gives one line and a builtin
  // build. The compiler here always fails, so each run stops after configuring (quick); the
  // report still says what was chosen.
  it.each([
    [
      'openblas',
      /^albert-native: ALBERT_BLAS=openblas but OpenBLAS is not usable: .*; building with the built-in GEMM$/m,
    ],
    [
      'mkl',
      /^albert-native: ALBERT_BLAS=mkl is not one of builtin, openblas, accelerate; building with the built-in GEMM$/m,
    ],
    ...(process.platform === 'darwin'
      ? []
      : ([
          [
            'accelerate',
            /^albert-native: ALBERT_BLAS=accelerate but Accelerate exists only on macOS .*; building with the built-in GEMM$/m,
          ],
        ] as const)),
  ] as const)(
    'ALBERT_BLAS=%s that cannot be honoured says so in one line and builds builtin',
    (value, line) => {
      const r = spawnSync(process.execPath, ['native/build.mjs', '--force'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, ALBERT_BLAS: value, CC: '/bin/false', CXX: '/bin/false' },
      });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(line);
      const status = JSON.parse(readFileSync(join(dir, 'build', 'native-build.json'), 'utf8'));
      expect(status).toMatchObject({ blas: 'builtin', blasRequested: value });
      expect(status.blasNote).toMatch(/built-in GEMM/);
      expect(readFileSync(join(dir, 'build', 'config.gypi'), 'utf8')).toMatch(/"albert_blas": "builtin"/);
    },
  );
});
