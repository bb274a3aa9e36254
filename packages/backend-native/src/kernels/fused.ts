import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';
import { runUnary, UnaryOp } from './unary.js';

// Fused kernels behind @albert-ts/core's `layerNorm`, `gelu` and `attention` ops (core's
// src/kernels/fused-ops.ts holds the contract and the pure-tfjs fallback).

function need(cond: boolean, msg: () => string): void {
  if (!cond) throw new Error(msg());
}

function f32(name: string, t: TensorInfo | undefined, kernel: string): TensorInfo {
  need(t != null, () => `${kernel}: input '${name}' is missing`);
  need(t!.dtype === 'float32', () => `${kernel}: input '${name}' must be float32, got ${t!.dtype}`);
  return t!;
}

export const layerNormSpec: NativeKernelSpec = {
  kernelName: 'AlbertLayerNorm',
  make(addon): NativeKernel {
    const p = new Float64Array(10);
    return ({ inputs, attrs, backend }) => {
      const k = 'AlbertLayerNorm';
      const x = f32('x', inputs.x, k);
      const gamma = f32('gamma', inputs.gamma, k);
      const beta = f32('beta', inputs.beta, k);
      const residual = inputs.residual ? f32('residual', inputs.residual, k) : null;
      need(
        !residual || util.arraysEqual(residual.shape, x.shape),
        () => `${k}: residual [${residual!.shape}] must match x [${x.shape}]`,
      );
      need(x.shape.length >= 1, () => `${k}: x must have rank >= 1`);
      const cols = x.shape[x.shape.length - 1];
      need(
        util.sizeFromShape(gamma.shape) === cols && util.sizeFromShape(beta.shape) === cols,
        () =>
          `${k}: gamma ${gamma.shape} and beta ${beta.shape} must have ${cols} elements (last axis of x ${x.shape})`,
      );
      const rowShape = x.shape.slice(0, -1);
      const y = backend.makeOutput(x.shape, 'float32');
      const mean = backend.makeOutput(rowShape, 'float32');
      const rstd = backend.makeOutput(rowShape, 'float32');
      p[0] = offsetOf(backend, x);
      p[1] = offsetOf(backend, gamma);
      p[2] = offsetOf(backend, beta);
      p[3] = offsetOf(backend, y);
      p[4] = offsetOf(backend, mean);
      p[5] = offsetOf(backend, rstd);
      p[6] = util.sizeFromShape(rowShape);
      p[7] = cols;
      p[8] = attrs.epsilon as number;
      p[9] = residual ? offsetOf(backend, residual) : -1;
      addon.layerNorm(heapOf(backend), p);
      return [y, mean, rstd];
    };
  },
};

export const layerNormGradSpec: NativeKernelSpec = {
  kernelName: 'AlbertLayerNormGrad',
  make(addon): NativeKernel {
    const p = new Float64Array(11);
    return ({ inputs, backend }) => {
      const k = 'AlbertLayerNormGrad';
      const residual = inputs.residual ? f32('residual', inputs.residual, k) : null;
      const dy = f32('dy', inputs.dy, k);
      const x = f32('x', inputs.x, k);
      const gamma = f32('gamma', inputs.gamma, k);
      const mean = f32('mean', inputs.mean, k);
      const rstd = f32('rstd', inputs.rstd, k);
      const cols = x.shape[x.shape.length - 1];
      const rows = util.sizeFromShape(x.shape) / Math.max(cols, 1);
      need(util.arraysEqual(dy.shape, x.shape), () => `${k}: dy ${dy.shape} must match x ${x.shape}`);
      need(
        util.sizeFromShape(gamma.shape) === cols,
        () => `${k}: gamma ${gamma.shape} must have ${cols} elements`,
      );
      need(
        util.sizeFromShape(mean.shape) === rows && util.sizeFromShape(rstd.shape) === rows,
        () => `${k}: mean/rstd must have ${rows} elements`,
      );
      const dx = backend.makeOutput(x.shape, 'float32');
      const dg = backend.makeOutput(gamma.shape, 'float32');
      const db = backend.makeOutput(gamma.shape, 'float32');
      const ids = [dy, x, gamma, mean, rstd, dx, dg, db].map((t) => offsetOf(backend, t));
      for (let i = 0; i < 8; i++) p[i] = ids[i];
      p[8] = rows;
      p[9] = cols;
      p[10] = residual ? offsetOf(backend, residual) : -1;
      addon.layerNormGrad(heapOf(backend), p);
      return [dx, dg, db];
    };
  },
};

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

export const geluSpec: NativeKernelSpec = {
  kernelName: 'AlbertGelu',
  make(addon): NativeKernel {
    const p = new Float64Array(5);
    return (args: KernelArgs) => {
      const x = f32('x', args.inputs.x, 'AlbertGelu');
      const approximate = !!args.attrs.approximate;
      const c = (args.attrs.c as number | undefined) ?? SQRT_2_OVER_PI;
      return runUnary(addon, p, args, x, approximate ? UnaryOp.GeluTanh : UnaryOp.GeluErf, c);
    };
  },
};

export const geluGradSpec: NativeKernelSpec = {
  kernelName: 'AlbertGeluGrad',
  make(addon): NativeKernel {
    const p = new Float64Array(6);
    return ({ inputs, attrs, backend }) => {
      const k = 'AlbertGeluGrad';
      const dy = f32('dy', inputs.dy, k);
      const x = f32('x', inputs.x, k);
      need(util.arraysEqual(dy.shape, x.shape), () => `${k}: dy ${dy.shape} must match x ${x.shape}`);
      const dx = backend.makeOutput(x.shape, 'float32');
      const n = util.sizeFromShape(x.shape);
      if (n === 0) return dx;
      p[0] = attrs.approximate ? 0 : 1;
      p[1] = offsetOf(backend, dy);
      p[2] = offsetOf(backend, x);
      p[3] = offsetOf(backend, dx);
      p[4] = n;
      p[5] = (attrs.c as number | undefined) ?? SQRT_2_OVER_PI;
      addon.geluGrad(heapOf(backend), p);
      return dx;
    };
  },
};
