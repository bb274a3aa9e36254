import type { TensorInfo } from '@tensorflow/tfjs-core';
import { util } from '@tensorflow/tfjs-core';
import { heapOf, offsetOf } from '../wasm.js';
import { GeluGradArg, GeluKind, LayerNormArg, LayerNormGradArg, params, UnaryArg, UnaryOp } from './args.js';
import { attrsOf, type Fused, inputsOf } from './contract.js';
import type { KernelArgs, NativeKernel, NativeKernelSpec } from './types.js';
import { runUnary } from './unary.js';

// Fused kernels behind @albert-ts/core's `layerNorm`, `gelu` and `attention` ops (core's
// src/kernels/kernel-names.ts holds the contract, fused-ops.ts the pure-tfjs fallback).

function need(cond: boolean, msg: () => string): void {
  if (!cond) throw new Error(msg());
}

function f32(name: string, t: TensorInfo | undefined, kernel: string): TensorInfo {
  need(t != null, () => `${kernel}: input '${name}' is missing`);
  need(t!.dtype === 'float32', () => `${kernel}: input '${name}' must be float32, got ${t!.dtype}`);
  return t!;
}

const LN = 'AlbertLayerNorm' satisfies Fused<'AlbertLayerNorm'>;
export const layerNormSpec: NativeKernelSpec = {
  kernelName: LN,
  make(addon): NativeKernel {
    const p = params(LayerNormArg);
    return (args) => {
      const { backend } = args;
      const inputs = inputsOf(LN, args);
      const k = LN;
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
      p[LayerNormArg.x] = offsetOf(backend, x);
      p[LayerNormArg.gamma] = offsetOf(backend, gamma);
      p[LayerNormArg.beta] = offsetOf(backend, beta);
      p[LayerNormArg.y] = offsetOf(backend, y);
      p[LayerNormArg.mean] = offsetOf(backend, mean);
      p[LayerNormArg.rstd] = offsetOf(backend, rstd);
      p[LayerNormArg.rows] = util.sizeFromShape(rowShape);
      p[LayerNormArg.cols] = cols;
      p[LayerNormArg.eps] = attrsOf(LN, args).epsilon;
      p[LayerNormArg.residual] = residual ? offsetOf(backend, residual) : -1;
      addon.layerNorm(heapOf(backend), p);
      return [y, mean, rstd];
    };
  },
};

const LNG = 'AlbertLayerNormGrad' satisfies Fused<'AlbertLayerNormGrad'>;
export const layerNormGradSpec: NativeKernelSpec = {
  kernelName: LNG,
  make(addon): NativeKernel {
    const p = params(LayerNormGradArg);
    return (args) => {
      const { backend } = args;
      const inputs = inputsOf(LNG, args);
      const k = LNG;
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
      p[LayerNormGradArg.dy] = offsetOf(backend, dy);
      p[LayerNormGradArg.x] = offsetOf(backend, x);
      p[LayerNormGradArg.gamma] = offsetOf(backend, gamma);
      p[LayerNormGradArg.mean] = offsetOf(backend, mean);
      p[LayerNormGradArg.rstd] = offsetOf(backend, rstd);
      p[LayerNormGradArg.dx] = offsetOf(backend, dx);
      p[LayerNormGradArg.dgamma] = offsetOf(backend, dg);
      p[LayerNormGradArg.dbeta] = offsetOf(backend, db);
      p[LayerNormGradArg.rows] = rows;
      p[LayerNormGradArg.cols] = cols;
      p[LayerNormGradArg.residual] = residual ? offsetOf(backend, residual) : -1;
      addon.layerNormGrad(heapOf(backend), p);
      return [dx, dg, db];
    };
  },
};

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

const GELU = 'AlbertGelu' satisfies Fused<'AlbertGelu'>;
export const geluSpec: NativeKernelSpec = {
  kernelName: GELU,
  make(addon): NativeKernel {
    const p = params(UnaryArg);
    return (args: KernelArgs) => {
      const x = f32('x', inputsOf(GELU, args).x, GELU);
      const { approximate, c = SQRT_2_OVER_PI } = attrsOf(GELU, args);
      return runUnary(addon, p, args, x, approximate ? UnaryOp.GeluTanh : UnaryOp.GeluErf, c);
    };
  },
};

const GELU_GRAD = 'AlbertGeluGrad' satisfies Fused<'AlbertGeluGrad'>;
export const geluGradSpec: NativeKernelSpec = {
  kernelName: GELU_GRAD,
  make(addon): NativeKernel {
    const p = params(GeluGradArg);
    return (args) => {
      const { backend } = args;
      const inputs = inputsOf(GELU_GRAD, args);
      const k = GELU_GRAD;
      const dy = f32('dy', inputs.dy, k);
      const x = f32('x', inputs.x, k);
      need(util.arraysEqual(dy.shape, x.shape), () => `${k}: dy ${dy.shape} must match x ${x.shape}`);
      const dx = backend.makeOutput(x.shape, 'float32');
      const n = util.sizeFromShape(x.shape);
      if (n === 0) return dx;
      const { approximate, c = SQRT_2_OVER_PI } = attrsOf(GELU_GRAD, args);
      p[GeluGradArg.kind] = approximate ? GeluKind.Tanh : GeluKind.Erf;
      p[GeluGradArg.dy] = offsetOf(backend, dy);
      p[GeluGradArg.x] = offsetOf(backend, x);
      p[GeluGradArg.dx] = offsetOf(backend, dx);
      p[GeluGradArg.size] = n;
      p[GeluGradArg.c] = c;
      addon.geluGrad(heapOf(backend), p);
      return dx;
    };
  },
};
