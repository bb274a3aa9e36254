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
    rmSync(join(dir, 'dist', 'native-build.json'), { force: true });
    symlinkSync(join(pkg, 'node_modules'), join(dir, 'node_modules'));
    const build = spawnSync(process.execPath, ['native/build.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      env: { ...process.env, CC: '/bin/false', CXX: '/bin/false' },
    });
    expect(build.status).toBe(0);
    expect(existsSync(join(dir, 'build', 'Release', 'albert_native.node'))).toBe(false);
    const status = JSON.parse(readFileSync(join(dir, 'dist', 'native-build.json'), 'utf8'));
    expect(status.ok).toBe(false);
    expect(status.reason).toMatch(/node-gyp failed/);

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
    expect(JSON.parse(readFileSync(join(dir, 'dist', 'native-build.json'), 'utf8')).reason).toMatch(
      /ALBERT_NATIVE_BUILD=0/,
    );
  });
});
