import * as tf from '@tensorflow/tfjs-core';
import { getActivation } from '../activations.js';
import { hasKernels } from './has-kernels.js';
import { AlbertLinearGelu, type AlbertLinearGeluAttrs, type AlbertLinearGeluInputs } from './kernel-names.js';
import { runFused } from './run-fused.js';

// A dense layer followed by GELU (ALBERT's FFN-in) as one native product where the backend has
// `AlbertLinearGelu`: the activation runs on each tile as the GEMM stores it, so the [tokens,
// FFN] intermediate is written once instead of written, read and written again. Only outside a
// gradient tape: training keeps the dense layer and core's GELU op, whose backward needs the
// pre-activation (the fused forward does not keep it). Everywhere else — other backends, other
// activations — it is exactly `act(linear.forward(x))`.

/** What this needs of core's `Linear` (nn/layers.ts): weight stored [in, out], bias [out]. */
export interface DenseLike {
  readonly weight: { readonly value: tf.Tensor };
  readonly bias: { readonly value: tf.Tensor } | null;
  readonly outFeatures: number;
  forward(x: tf.Tensor): tf.Tensor;
}

type Act = (x: tf.Tensor) => tf.Tensor;

let forms: Map<Act, AlbertLinearGeluAttrs> | undefined;

/** The GELU form of one of core's activation functions (by identity), or undefined. */
function geluForm(act: Act): AlbertLinearGeluAttrs | undefined {
  forms ??= new Map<Act, AlbertLinearGeluAttrs>([
    [getActivation('gelu_new'), { approximate: true, c: Math.sqrt(2 / Math.PI) }],
    [getActivation('gelu_pytorch_tanh'), { approximate: true, c: Math.sqrt(2 / Math.PI) }],
    [getActivation('gelu_accurate'), { approximate: true, c: Math.sqrt(2 / Math.PI) }],
    [getActivation('gelu_fast'), { approximate: true, c: 0.7978845608 }],
    [getActivation('gelu'), { approximate: false }],
    [getActivation('gelu_python'), { approximate: false }],
  ]);
  return forms.get(act);
}

function recording(): boolean {
  return ((tf.engine() as unknown as { state: { gradientDepth: number } }).state.gradientDepth ?? 0) > 0;
}

/** `act(linear.forward(x))`, as one fused kernel when it can be (see above). */
export function linearAct(linear: DenseLike, x: tf.Tensor, act: Act): tf.Tensor {
  const form = geluForm(act);
  if (!form || recording() || !hasKernels(AlbertLinearGelu)) return act(linear.forward(x));
  return tf.tidy(() => {
    const lead = x.shape.slice(0, -1);
    const x2 = x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1]]);
    const inputs: AlbertLinearGeluInputs = { x: x2, w: linear.weight.value };
    if (linear.bias) inputs.bias = linear.bias.value;
    const [y] = runFused(AlbertLinearGelu, inputs, form);
    return x.rank === 2 ? y : tf.reshape(y, [...lead, linear.outFeatures]);
  });
}
