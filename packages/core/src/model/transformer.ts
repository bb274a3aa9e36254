import * as tf from '@tensorflow/tfjs-core';
import type { AlbertConfig } from '../config.js';
import { Linear } from '../nn/layers.js';
import { Module, ModuleList } from '../nn/module.js';
import { tidy } from '../nn/tidy.js';
import { type EncoderLayerOptions, extendedAttentionMask } from './attention.js';
import { AlbertLayerGroup } from './layer.js';

/**
 * Which `hidden_states` HF convention to follow.
 * - `'per-layer-index'` (default): transformers <= 4.53 — the projected embeddings, then one entry
 *   per layer index i after its whole group ran: `num_hidden_layers + 1` entries.
 * - `'per-albert-layer'`: transformers >= 4.54 — one entry per AlbertLayer call:
 *   `num_hidden_layers * inner_group_num + 1` entries. Identical when `inner_group_num == 1`.
 */
export type HiddenStatesMode = 'per-layer-index' | 'per-albert-layer';

/** Options of {@link AlbertTransformer.forward}; every field defaults to false / HF's default. */
export interface TransformerOptions extends EncoderLayerOptions {
  /** Return `hiddenStates`; default false. */
  outputHiddenStates?: boolean;
  /** Default `'per-layer-index'`. */
  hiddenStatesMode?: HiddenStatesMode;
}

/**
 * What `AlbertTransformer.forward` returns: the last hidden state `[B, S, H]` and, when asked,
 * every layer's hidden states and attention probabilities.
 */
export interface TransformerOutput {
  lastHiddenState: tf.Tensor3D;
  hiddenStates?: tf.Tensor3D[];
  attentions?: tf.Tensor4D[];
}

/** HF `AlbertTransformer`: E→H projection, then the shared groups as `group = floor(i / (L / G))`. */
export class AlbertTransformer extends Module {
  readonly embedding_hidden_mapping_in: Linear;
  readonly albert_layer_groups: ModuleList<AlbertLayerGroup>;
  private readonly config: AlbertConfig;

  constructor(config: AlbertConfig) {
    super();
    this.config = config;
    this.embedding_hidden_mapping_in = this.addChild(
      'embedding_hidden_mapping_in',
      new Linear(config.embeddingSize, config.hiddenSize),
    );
    const groups = Array.from({ length: config.numHiddenGroups }, () => new AlbertLayerGroup(config));
    this.albert_layer_groups = this.addChild('albert_layer_groups', new ModuleList(groups));
  }

  /**
   * `embeddings [B, S, E]` → hidden states `[B, S, H]`: the E→H projection, then
   * `num_hidden_layers` passes through the shared layer groups; `attentionMask [B, S]` is 1 for
   * real tokens.
   */
  forward(
    embeddings: tf.Tensor3D,
    attentionMask: tf.Tensor2D,
    opts: TransformerOptions = {},
  ): TransformerOutput {
    const {
      training = false,
      outputAttentions = false,
      outputHiddenStates = false,
      hiddenStatesMode = 'per-layer-index',
    } = opts;
    return tidy(() => {
      const [B, S] = [embeddings.shape[0], embeddings.shape[1]];
      const H = this.config.hiddenSize;
      const mask = extendedAttentionMask(attentionMask);
      let h = this.embedding_hidden_mapping_in.forward(tf.reshape(embeddings, [B * S, -1])) as tf.Tensor2D;
      const as3 = (x: tf.Tensor2D) => tf.reshape(x, [B, S, H]) as tf.Tensor3D;
      const hidden: tf.Tensor3D[] = [];
      const attentions: tf.Tensor4D[] = [];
      const perCall = hiddenStatesMode === 'per-albert-layer';
      if (outputHiddenStates) hidden.push(as3(h));
      for (let i = 0; i < this.config.numHiddenLayers; i++) {
        const group = this.albert_layer_groups.items[this.config.groupIndex(i)];
        for (const layer of group.albert_layers.items) {
          // Probabilities only when asked for: the fused attention kernel then skips writing them.
          const step = layer.forward(h, mask, { training, outputAttentions });
          h = step.hiddenStates;
          if (step.attentions) attentions.push(step.attentions);
          if (outputHiddenStates && perCall) hidden.push(as3(h));
        }
        if (outputHiddenStates && !perCall) hidden.push(as3(h));
      }
      const out: TransformerOutput = { lastHiddenState: as3(h) };
      if (outputHiddenStates) out.hiddenStates = hidden;
      if (outputAttentions) out.attentions = attentions;
      return out;
    });
  }
}
