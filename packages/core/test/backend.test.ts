import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { setupBackend } from '../src/index.js';

describe('setupBackend', () => {
  afterEach(() => {
    delete process.env.ALBERT_NATIVE;
  });

  it('defaults to wasm (SIMD) and reports native availability', async () => {
    const info = await setupBackend({ native: false });
    expect(info).toMatchObject({ backend: 'wasm', native: false });
    expect(tf.getBackend()).toBe('wasm');
    expect(tf.env().getBool('WASM_HAS_SIMD_SUPPORT')).toBe(true);
  });

  it('switches to cpu and back', async () => {
    expect((await setupBackend({ backend: 'cpu' })).backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await setupBackend({ backend: 'wasm', native: false })).backend).toBe('wasm');
  });

  it('falls back to cpu with a reason when the backend is unknown', async () => {
    const info = await setupBackend({ backend: 'no-such-backend' });
    expect(info.backend).toBe('cpu');
    expect(info.reason).toMatch(/no-such-backend/);
  });

  it('calls the native module on wasm unless disabled', async () => {
    let calls = 0;
    const nativeModule = {
      registerNativeKernels: async () => {
        calls++;
        return { native: true };
      },
    };
    expect(await setupBackend({ nativeModule })).toMatchObject({ backend: 'wasm', native: true });
    expect(calls).toBe(1);
    expect((await setupBackend({ nativeModule, native: false })).native).toBe(false);
    process.env.ALBERT_NATIVE = '0';
    expect((await setupBackend({ nativeModule })).native).toBe(false);
    expect((await setupBackend({ backend: 'cpu', nativeModule })).native).toBe(false);
    expect(calls).toBe(1);
    const failing = { registerNativeKernels: async () => ({ native: false, reason: 'no addon' }) };
    delete process.env.ALBERT_NATIVE;
    const info = await setupBackend({ nativeModule: failing });
    expect(info.native).toBe(false);
    expect(info.reason).toMatch(/no addon/);
  });
});
