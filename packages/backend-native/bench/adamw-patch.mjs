// Makes @albert-ts/training's AdamW call core's fused `adamwUpdate` (one AlbertAdamW kernel per
// parameter instead of ~15 element-wise ops), to measure what training gets by adopting it.
// training's optimizer is not this package's to change; the edit it would need is this `update`.
import { adamwUpdate } from '@albert-ts/core';
import { AdamW } from '@albert-ts/training';

/** Patches AdamW.prototype.update; returns a function that undoes it. */
export function patchAdamW() {
  const saved = AdamW.prototype.update;
  AdamW.prototype.update = function (p, g, lr, t) {
    const [m, v] = p.slots;
    const r = adamwUpdate(p.variable, g, m, v, {
      lr,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
      weightDecay: this.weightDecay,
      decay: p.decay,
      step: t,
    });
    p.variable.assign(r.w);
    m.assign(r.m);
    v.assign(r.v);
  };
  return () => {
    AdamW.prototype.update = saved;
  };
}
