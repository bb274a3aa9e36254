import * as tf from '@tensorflow/tfjs-core';
import { AlbertError } from '../errors.js';

/**
 * How a parameter is stored relative to its HF tensor. `'hf'`: as in the checkpoint.
 * `'transposed'`: a 2-D HF tensor kept transposed — torch `Linear.weight` is `[out, in]`, we keep
 * `[in, out]` so the forward pass is an untransposed `matMul(x, W)`, the fast kernel on tfjs-wasm.
 */
export type Layout = 'hf' | 'transposed';

/** HF `_init_weights`: N(0, initializer_range) (optionally a zero padding row), zeros or ones. */
export type Init = { kind: 'normal'; zeroRow?: number | null } | { kind: 'zeros' } | { kind: 'ones' };

/** One parameter slot of the module tree; its `tf.Variable` is created by init or load. */
export class Param {
  variable: tf.Variable | null = null;
  readonly hfShape: readonly number[];
  readonly layout: Layout;
  readonly init: Init;

  constructor(hfShape: readonly number[], layout: Layout, init: Init) {
    this.hfShape = [...hfShape];
    this.layout = layout;
    this.init = init;
  }

  /** The shape of the stored variable (HF shape, transposed for `'transposed'`). */
  get shape(): number[] {
    return this.layout === 'transposed' ? [this.hfShape[1], this.hfShape[0]] : [...this.hfShape];
  }

  /** The variable; throws when the model has been disposed. */
  get value(): tf.Variable {
    if (!this.variable)
      throw new AlbertError('DISPOSED', 'parameter used after dispose() (or before its weights were set)');
    return this.variable;
  }

  /** A NEW tensor in HF layout from one in this parameter's layout (the variable or a gradient). */
  toHf(t: tf.Tensor): tf.Tensor {
    return this.layout === 'transposed' ? tf.transpose(t) : tf.clone(t);
  }

  /** Converts row-major HF-layout data into this parameter's layout (a new array). */
  fromHfData(data: Float32Array): Float32Array {
    if (this.layout !== 'transposed') return data;
    const [rows, cols] = this.hfShape;
    const out = new Float32Array(data.length);
    for (let r = 0; r < rows; r++) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) out[c * rows + r] = data[base + c];
    }
    return out;
  }
}

/**
 * A node of the parameter tree. Its path from the model root, joined with dots, is the HF
 * `state_dict` name: `albert.encoder.albert_layer_groups.0.albert_layers.0.ffn.weight` is
 * `root.children.albert.children.encoder...params.weight`. A shared module (an ALBERT layer group)
 * or a tied parameter is the same object reached from several places; walks name it once.
 */
export class Module {
  readonly params = new Map<string, Param>();
  readonly children = new Map<string, Module>();

  /** Registers `p` under `name` (its HF name segment, e.g. `weight`) and returns it. */
  protected addParam(name: string, p: Param): Param {
    this.params.set(name, p);
    return p;
  }

  /**
   * Registers the submodule `m` under `name` (its HF path segment, e.g. `attention`) and returns
   * it; one module may be added under several parents (a shared layer).
   */
  protected addChild<M extends Module>(name: string, m: M): M {
    this.children.set(name, m);
    return m;
  }

  /** Every (name, Param) below this module in registration order, tied/shared ones repeated. */
  *walk(prefix = ''): Generator<[string, Param]> {
    for (const [n, p] of this.params) yield [prefix + n, p];
    for (const [n, c] of this.children) yield* c.walk(prefix + n + '.');
  }
}

/** A list of modules named `0`, `1`, ... (torch `nn.ModuleList`). */
export class ModuleList<M extends Module> extends Module {
  readonly items: M[];
  constructor(items: M[]) {
    super();
    this.items = items;
    items.forEach((m, i) => {
      this.addChild(String(i), m);
    });
  }
}
