import type * as tf from '@tensorflow/tfjs-core';
import { type Activation, getActivation } from '../activations.js';
import type { AlbertConfig } from '../config.js';
import { linearAct } from '../kernels/linear-gelu.js';
import { LayerNorm, Linear } from '../nn/layers.js';
import { Module, ModuleList } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import {
  AlbertAttention,
  type EncoderLayerOptions,
  type EncoderLayerOutput,
  type ExtendedAttentionMask,
} from './attention.js';

/** HF `AlbertLayer`: attention, then `LN2(a + ffn_output(act(ffn(a))))`. */
export class AlbertLayer extends Module {
  readonly full_layer_layer_norm: LayerNorm;
  readonly attention: AlbertAttention;
  readonly ffn: Linear;
  readonly ffn_output: Linear;
  private readonly act: Activation;

  constructor(config: AlbertConfig) {
    super();
    const H = config.hiddenSize;
    this.full_layer_layer_norm = this.addChild(
      'full_layer_layer_norm',
      new LayerNorm(H, config.layerNormEps),
    );
    this.attention = this.addChild('attention', new AlbertAttention(config));
    this.ffn = this.addChild('ffn', new Linear(H, config.intermediateSize));
    this.ffn_output = this.addChild('ffn_output', new Linear(config.intermediateSize, H));
    this.act = getActivation(config.hiddenAct);
  }

  /** `hidden` is `[B*S, H]`; as AlbertAttention.forward (attentions only when asked for). */
  forward(
    hidden: tf.Tensor2D,
    mask: ExtendedAttentionMask,
    opts: EncoderLayerOptions = {},
  ): EncoderLayerOutput {
    return tidy(() => {
      const { hiddenStates: a, attentions } = this.attention.forward(hidden, mask, opts);
      const ff = this.ffn_output.forward(linearAct(this.ffn, a, this.act));
      const hiddenStates = this.full_layer_layer_norm.forward(ff, a) as tf.Tensor2D;
      return attentions ? { hiddenStates, attentions } : { hiddenStates };
    });
  }
}

/** HF `AlbertLayerGroup`: `inner_group_num` layers run in order; one object shared by many depths. */
export class AlbertLayerGroup extends Module {
  readonly albert_layers: ModuleList<AlbertLayer>;
  constructor(config: AlbertConfig) {
    super();
    const layers = Array.from({ length: config.innerGroupNum }, () => new AlbertLayer(config));
    this.albert_layers = this.addChild('albert_layers', new ModuleList(layers));
  }
}
