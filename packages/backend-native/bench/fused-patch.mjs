// Makes @albert-ts/core's model classes call core's fused ops (layerNormOp, geluOp, attention)
// and @albert-ts/training's AdamW call core's adamwUpdate,
// to measure and test what the model gets by using them. Used by the benchmarks and tests.
import * as core from '@albert-ts/core';
import { AdamW } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Makes the real @albert-ts/core model classes call core's fused ops (layerNormOp, geluOp,
 * attention): what the model gets by using them (3 small edits in core/src). Returns an undo.
 */
export async function patchFusedOps() {
  const ops = await import(new URL('../../core/dist/kernels/fused-ops.js', import.meta.url).href);
  if (!ops.layerNormOp || ops.layerNormOp.length < 5)
    throw new Error('rebuild @albert-ts/core (fused ops are stale)');
  const saved = {
    adamw: AdamW.prototype.update,
    ln: core.LayerNorm.prototype.forward,
    attn: core.AlbertAttention.prototype.forward,
    layer: core.AlbertLayer.prototype.forward,
  };
  core.LayerNorm.prototype.forward = function (x) {
    return ops.layerNormOp(x, this.weight.value, this.bias.value, this.eps);
  };
  core.AlbertAttention.prototype.forward = function (h, batch, seq, maskAdd, training) {
    return tf.tidy(() => {
      const { numAttentionHeads: nh, hiddenSize: H } = this.config;
      const as3 = (t) => tf.reshape(t, [batch, seq, H]);
      const { context, probs } = ops.attention(
        as3(this.query.forward(h)),
        as3(this.key.forward(h)),
        as3(this.value.forward(h)),
        tf.reshape(maskAdd, [batch, seq]),
        // The layer API returns the probabilities (HF output_attentions); a model adopting the
        // op would ask for them only when the caller does.
        { numHeads: nh, returnProbs: true },
      );
      void training; // dropout: the configs benchmarked and tested have none
      const projected = this.dense.forward(tf.reshape(context, [batch * seq, H]));
      const ln = this.LayerNorm;
      return [ops.layerNormOp(projected, ln.weight.value, ln.bias.value, ln.eps, h), probs];
    });
  };
  const gelus = {
    gelu_new: [true],
    gelu_pytorch_tanh: [true],
    gelu_fast: [true, 0.7978845608],
    gelu: [false],
  };
  core.AlbertLayer.prototype.forward = function (h, batch, seq, maskAdd, training) {
    return tf.tidy(() => {
      const [a, probs] = this.attention.forward(h, batch, seq, maskAdd, training);
      const g = gelus[this.attention.config.hiddenAct];
      const inner = this.ffn.forward(a);
      const act = g ? ops.geluOp(inner, g[0], g[1]) : this.act(inner);
      const ff = this.ffn_output.forward(act);
      const ln = this.full_layer_layer_norm;
      return [ops.layerNormOp(ff, ln.weight.value, ln.bias.value, ln.eps, a), probs];
    });
  };
  const kernels = await import(new URL('../../core/dist/kernels/adamw.js', import.meta.url).href);
  AdamW.prototype.update = function (p, g, lr, t) {
    const [m, v] = p.slots;
    const o = {
      lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
    };
    const r = kernels.adamwUpdate(p.variable, g, m, v, { ...o, decay: p.decay, step: t });
    p.variable.assign(r.w);
    m.assign(r.m);
    v.assign(r.v);
  };
  return () => {
    AdamW.prototype.update = saved.adamw;
    core.LayerNorm.prototype.forward = saved.ln;
    core.AlbertAttention.prototype.forward = saved.attn;
    core.AlbertLayer.prototype.forward = saved.layer;
  };
}
