import type * as tf from '@tensorflow/tfjs-core';
import { type Activation, getActivation } from '../activations.js';
import type { AlbertConfig } from '../config.js';
import { LayerNorm, Linear } from '../nn/layers.js';
import { Module, ModuleList } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import { AlbertAttention } from './attention.js';

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

  /** See AlbertAttention.forward; the probabilities are null when `outputAttentions` is false. */
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
  ): [tf.Tensor2D, tf.Tensor4D];
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
    outputAttentions: boolean,
  ): [tf.Tensor2D, tf.Tensor4D | null];
  forward(
    h: tf.Tensor2D,
    batch: number,
    seq: number,
    maskAdd: tf.Tensor,
    training: boolean,
    outputAttentions = true,
  ): [tf.Tensor2D, tf.Tensor4D | null] {
    return tidy(() => {
      const [a, probs] = this.attention.forward(h, batch, seq, maskAdd, training, outputAttentions);
      const ff = this.ffn_output.forward(this.act(this.ffn.forward(a)));
      return [this.full_layer_layer_norm.forward(ff, a) as tf.Tensor2D, probs];
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
