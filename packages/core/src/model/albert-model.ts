import type { AlbertConfig } from '../config.js';
import { tidy } from '../nn/tidy.js';
import { AlbertBody, type AlbertModelOutput, type CallOptions } from './albert-body.js';
import { type AlbertInputs, prepareEncoderInputs } from './inputs.js';
import { AlbertPreTrainedModel } from './pretrained.js';

/**
 * HF `AlbertModel`: the bare encoder with pooler. Parameter names have no `albert.` prefix
 * (`embeddings.word_embeddings.weight`, ...); checkpoints of head models load into it (their
 * `albert.` prefix is stripped and the head tensors are reported as unexpected), as in HF.
 */
export class AlbertModel extends AlbertPreTrainedModel {
  readonly body: AlbertBody;

  constructor(config: AlbertConfig, opts: { addPoolingLayer?: boolean } = {}) {
    super(config);
    this.body = new AlbertBody(config, opts);
    for (const [n, c] of this.body.children) this.addChild(n, c);
  }

  override get architecture(): string {
    return 'AlbertModel';
  }

  override get basePrefix(): string {
    return '';
  }

  /** `{lastHiddenState [B,S,H], poolerOutput [B,H], hiddenStates?, attentions?}` (caller disposes). */
  call(inputs: AlbertInputs, opts: CallOptions = {}): AlbertModelOutput {
    return tidy(() => this.body.forward(prepareEncoderInputs(this.config, inputs), opts));
  }
}
