import { existsSync, readFileSync } from 'node:fs';
import { setupBackend } from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAddon } from '../src/addon.js';
import {
  isNativeAvailable,
  nativeInfo,
  registeredNativeKernels,
  registerNativeKernels,
  unregisterNativeKernels,
} from '../src/index.js';
import { NATIVE, nativeOn } from './helpers.js';

// Registration lifecycle: what registerNativeKernels() replaces, that unregistering restores
// the wasm backend's own kernels exactly, and that ALBERT_NATIVE=0 turns the path off.

describe('registerNativeKernels', () => {
  afterAll(nativeOn);

  it('replaces wasm kernels, is idempotent, and unregistering restores the originals', async () => {
    unregisterNativeKernels();
    await tf.setBackend('wasm');
    const originals = new Map(
      ['BatchMatMul', '_FusedMatMul', 'Add', 'Softmax'].map((k) => [k, tf.getKernel(k, 'wasm')]),
    );
    const first = await registerNativeKernels();
    expect(first.native).toBe(NATIVE);
    const replaced = registeredNativeKernels();
    const second = await registerNativeKernels();
    expect(second).toEqual(first);
    expect(registeredNativeKernels()).toEqual(replaced);
    if (NATIVE) {
      expect(first.threads).toBeGreaterThanOrEqual(1);
      expect(first.blas).toMatch(/^(builtin|openblas|accelerate)$/);
      expect(first.path).toMatch(/^(avx512|avx2|baseline|neon)$/);
      expect(typeof first.cpu).toBe('string');
      expect(tf.getKernel('BatchMatMul', 'wasm')).not.toBe(originals.get('BatchMatMul'));
    }
    unregisterNativeKernels();
    expect(registeredNativeKernels()).toEqual([]);
    for (const [k, cfg] of originals) expect(tf.getKernel(k, 'wasm')).toBe(cfg);
    expect(tf.getKernel('AlbertAttention', 'wasm')).toBeUndefined();
    // plain wasm still computes
    expect(Array.from(await tf.matMul(tf.ones([2, 3]), tf.ones([3, 2])).data())).toEqual([3, 3, 3, 3]);
  });

  it('ALBERT_NATIVE=0 refuses registration and reports why', async () => {
    unregisterNativeKernels();
    const saved = process.env.ALBERT_NATIVE;
    process.env.ALBERT_NATIVE = '0';
    try {
      expect(isNativeAvailable()).toBe(false);
      const r = await registerNativeKernels();
      expect(r).toEqual({ native: false, reason: 'disabled by ALBERT_NATIVE=0' });
      expect(registeredNativeKernels()).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.ALBERT_NATIVE;
      else process.env.ALBERT_NATIVE = saved;
    }
  });

  it('registers a chosen subset and validates the thread count', async () => {
    unregisterNativeKernels();
    const r = await registerNativeKernels({ kernels: ['BatchMatMul'] });
    expect(registeredNativeKernels()).toEqual(r.native ? ['BatchMatMul'] : []);
    unregisterNativeKernels();
    if (NATIVE) await expect(registerNativeKernels({ threads: 0 })).rejects.toThrow(/threads/);
    else expect((await registerNativeKernels({ threads: 0 })).native).toBe(false);
  });

  it('changing the thread count back and forth while computing neither deadlocks nor changes results', async () => {
    const { addon } = loadAddon();
    await nativeOn();
    const a = tf.randomNormal([96, 64, 33], 0, 1, 'float32', 1);
    const b = tf.randomNormal([96, 33, 70], 0, 1, 'float32', 2);
    const ref = await tf.matMul(a, b).data();
    for (let i = 0; i < 60; i++) {
      addon!.setThreads(1 + (i % 4));
      const got = await tf.matMul(a, b).data();
      let m = 0;
      for (let j = 0; j < ref.length; j++) m = Math.max(m, Math.abs(got[j] - ref[j]));
      expect(m).toBeLessThan(1e-4);
    }
    addon!.setThreads(2);
    tf.dispose([a, b]);
  });

  it("setupBackend() reports the addon's dispatch path as nativePath (and nothing else new)", async () => {
    unregisterNativeKernels();
    const info = await setupBackend({
      backend: 'wasm',
      nativeModule: { registerNativeKernels: () => registerNativeKernels() },
    });
    if (NATIVE) {
      expect(info).toEqual({ backend: 'wasm', native: true, nativePath: nativeInfo()!.path });
      expect(info.nativePath).toMatch(/^(avx512|avx2|baseline|neon)$/);
    } else {
      expect(info.native).toBe(false);
      expect(info.nativePath).toBeUndefined();
    }
    // an addon built before the CPU dispatch has no path: none is reported
    const old = await setupBackend({
      backend: 'wasm',
      nativeModule: { registerNativeKernels: async () => ({ native: true, threads: 2, blas: 'openblas' }) },
    });
    if (NATIVE) expect(old).toEqual({ backend: 'wasm', native: true });
    else expect(old).toMatchObject({ backend: 'wasm', native: false, reason: 'native kernels disabled' });
    await nativeOn();
  });

  it('the addon builds on this machine (no system BLAS needed) and reports its BLAS and CPU path', () => {
    // The build must have produced a loadable addon; ALBERT_NATIVE only gates registration.
    const load = loadAddon();
    expect(load.reason).toBeUndefined();
    // ALBERT_BLAS (default builtin) picks the GEMM at build time; the addon is what the build chose.
    const reportFile = new URL('../build/native-build.json', import.meta.url);
    const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : null;
    expect(nativeInfo()).toMatchObject({
      blas: report?.ok ? report.blas : expect.stringMatching(/^(builtin|openblas|accelerate)$/),
      path: expect.stringMatching(/^(avx512|avx2|baseline|neon)$/),
      cpu: expect.any(String),
      source: 'build',
      file: expect.stringMatching(/build[\\/]Release[\\/]albert_native\.node$/),
    });
    expect(isNativeAvailable()).toBe(NATIVE);
  });
});
