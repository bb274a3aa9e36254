import type { kernels } from '@albert-ts/core';
import type { KernelArgs } from './types.js';

// Core's fused-kernel contract (@albert-ts/core's kernels/kernel-names.ts), imported type-only:
// core is a dev dependency of this package, so nothing of it is loaded at run time. A spec's
// `kernelName: 'AlbertLayerNorm' satisfies Fused<'AlbertLayerNorm'>` and the typed inputs and
// attributes below make a renamed kernel, input or attribute in core a compile error here. Only
// function bodies use these types, so the published .d.ts files do not refer to core.

/** A fused kernel's name, checked against core's. */
export type Fused<K extends kernels.FusedKernelName> = K;

/** The kernel's inputs as passed (each may be missing: the kernel checks). */
export function inputsOf<K extends kernels.FusedKernelName>(
  _name: K,
  args: KernelArgs,
): Partial<kernels.FusedKernels[K]['inputs']> {
  return args.inputs as Partial<kernels.FusedKernels[K]['inputs']>;
}

/** The kernel's attributes. */
export function attrsOf<K extends kernels.FusedKernelName>(
  _name: K,
  args: KernelArgs,
): kernels.FusedKernels[K]['attrs'] {
  return args.attrs as unknown as kernels.FusedKernels[K]['attrs'];
}
