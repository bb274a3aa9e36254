/** torch `nn.Linear`, `nn.LayerNorm` and HF's `ACT2FN` activations as ONNX nodes. */
import { OnnxExportError } from './errors.js';
import { float, type GraphBuilder, int } from './graph-builder.js';
import type { Weights } from './weights.js';

/**
 * `x W^T + b` over the last axis of `x` (any rank): MatMul with the `[in, out]` weight, then Add
 * of `<prefix>.bias`. `output` names the result (a graph output such as `logits`).
 */
export function linear(g: GraphBuilder, w: Weights, x: string, prefix: string, output?: string): string {
  const y = g.op('MatMul', [x, w.matmulWeight(`${prefix}.weight`)]);
  return g.op('Add', [y, w.tensor(`${prefix}.bias`)], {}, output);
}

/** `LN(x)` over the last axis, biased variance, eps inside the square root (opset 17's op). */
export function layerNorm(g: GraphBuilder, w: Weights, x: string, prefix: string, eps: number): string {
  return g.op('LayerNormalization', [x, w.tensor(`${prefix}.weight`), w.tensor(`${prefix}.bias`)], {
    axis: int(-1),
    epsilon: float(eps),
  });
}

/** `0.5 x (1 + tanh(c (x + 0.044715 x^3)))`, HF's NewGELU (c = sqrt(2/pi)) and FastGELU forms. */
function geluTanh(g: GraphBuilder, x: string, c: number): string {
  const x3 = g.op('Mul', [g.op('Mul', [x, x]), x]);
  const inner = g.op('Mul', [
    g.op('Add', [x, g.op('Mul', [x3, g.floatConst([0.044715])])]),
    g.floatConst([c]),
  ]);
  const onePlus = g.op('Add', [g.op('Tanh', [inner]), g.floatConst([1])]);
  return g.op('Mul', [g.op('Mul', [x, g.floatConst([0.5])]), onePlus]);
}

/** `0.5 x (1 + erf(x / sqrt 2))`, torch's exact GELU (HF "gelu"). */
function geluErf(g: GraphBuilder, x: string): string {
  const erf = g.op('Erf', [g.op('Mul', [x, g.floatConst([Math.SQRT1_2])])]);
  return g.op('Mul', [g.op('Mul', [x, g.floatConst([0.5])]), g.op('Add', [erf, g.floatConst([1])])]);
}

const xSigmoid = (g: GraphBuilder, x: string, scale?: number): string =>
  g.op('Mul', [x, g.op('Sigmoid', [scale === undefined ? x : g.op('Mul', [x, g.floatConst([scale])])])]);

type ActivationGraph = (g: GraphBuilder, x: string) => string;

/** The same names (and formulas) as core's activations: see `activationNames` in @albert-ts/core. */
const ACTIVATIONS: Record<string, ActivationGraph> = {
  gelu_new: (g, x) => geluTanh(g, x, Math.sqrt(2 / Math.PI)),
  gelu_pytorch_tanh: (g, x) => geluTanh(g, x, Math.sqrt(2 / Math.PI)),
  gelu_accurate: (g, x) => geluTanh(g, x, Math.sqrt(2 / Math.PI)),
  gelu_fast: (g, x) => geluTanh(g, x, 0.7978845608),
  gelu: geluErf,
  gelu_python: geluErf,
  quick_gelu: (g, x) => xSigmoid(g, x, 1.702),
  relu: (g, x) => g.op('Relu', [x]),
  relu6: (g, x) => g.op('Clip', [x, g.floatConst([0]), g.floatConst([6])]),
  silu: (g, x) => xSigmoid(g, x),
  swish: (g, x) => xSigmoid(g, x),
  sigmoid: (g, x) => g.op('Sigmoid', [x]),
  tanh: (g, x) => g.op('Tanh', [x]),
  linear: (g, x) => g.op('Identity', [x]),
};

/** Activation names the exporter can write. */
export const onnxActivationNames: readonly string[] = Object.keys(ACTIVATIONS);

/** HF's activation `name` applied to `x`. */
export function activation(g: GraphBuilder, name: string, x: string): string {
  if (!Object.hasOwn(ACTIVATIONS, name)) {
    throw new OnnxExportError('INVALID_CONFIG', `hidden_act ${JSON.stringify(name)} has no ONNX form here`);
  }
  return g.scope(name, () => ACTIVATIONS[name](g, x));
}
