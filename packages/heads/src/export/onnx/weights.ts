/**
 * A model's parameters as ONNX initializers, looked up by their HF names. Each parameter is
 * written once, however many layers share it (ALBERT's layer groups) or names tie it (the MLM
 * decoder and the word embeddings), so the file is as small as the checkpoint.
 */
import type { AlbertPreTrainedModel, Param } from '@albert-ts/core';
import { OnnxExportError } from './errors.js';
import type { GraphBuilder } from './graph-builder.js';

export class Weights {
  private readonly byName = new Map<string, Param>();
  /** Param → the name it is first listed under (the one HF's state_dict keeps). */
  private readonly primary = new Map<Param, string>();
  private readonly plain = new Map<Param, string>();
  private readonly matmul = new Map<Param, string>();

  constructor(
    private readonly g: GraphBuilder,
    model: AlbertPreTrainedModel,
  ) {
    for (const [name, p] of model.walk()) {
      this.byName.set(name, p);
      if (!this.primary.has(p)) this.primary.set(p, name);
    }
  }

  private param(name: string): Param {
    const p = this.byName.get(name);
    if (!p) throw new OnnxExportError('MISSING_WEIGHTS', `the model has no parameter "${name}"`);
    return p;
  }

  /** The parameter in HF layout under its HF name (embeddings, biases, LayerNorm). */
  tensor(name: string): string {
    const p = this.param(name);
    const hit = this.plain.get(p);
    if (hit) return hit;
    const data = p.value.dataSync() as Float32Array;
    // Only a 'transposed' (2-D) parameter differs from HF's layout: write it back in HF's.
    const values = p.layout === 'transposed' ? transpose(data, p.shape[0], p.shape[1]) : data;
    const init = this.g.floatInitializer(this.primary.get(p) ?? name, p.hfShape, values);
    this.plain.set(p, init);
    return init;
  }

  /**
   * A Linear weight as the `[in, out]` right operand of MatMul. Our Linear weights are stored
   * that way already (written as `<hf name>.T`); a weight kept in HF's `[out, in]` layout (the
   * tied decoder is the word-embedding matrix) gets one Transpose node, which runtimes fold.
   */
  matmulWeight(name: string): string {
    const p = this.param(name);
    const hit = this.matmul.get(p);
    if (hit) return hit;
    let out: string;
    if (p.layout === 'transposed') {
      out = this.g.floatInitializer(
        `${this.primary.get(p) ?? name}.T`,
        p.shape,
        p.value.dataSync() as Float32Array,
      );
    } else {
      out = this.g.scope('weights', () => this.g.op('Transpose', [this.tensor(name)], {}));
    }
    this.matmul.set(p, out);
    return out;
  }
}

/** `[rows, cols]` row-major → `[cols, rows]` row-major. */
function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}
