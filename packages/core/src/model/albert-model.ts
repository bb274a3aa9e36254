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
  /**
   * The encoder, under the name every head model uses too (`model.albert`, HF's
   * `base_model_prefix`). Its children are mounted at the root, not under `albert.`, because HF
   * names AlbertModel's own parameters without the prefix.
   */
  readonly albert: AlbertBody;

  constructor(config: AlbertConfig, opts: { addPoolingLayer?: boolean } = {}) {
    super(config);
    this.albert = new AlbertBody(config, opts);
    for (const [n, c] of this.albert.children) this.addChild(n, c);
  }

  /** @deprecated Use `albert`, the encoder's name in every model; removed in the next major. */
  get body(): AlbertBody {
    return this.albert;
  }

  override get architecture(): string {
    return 'AlbertModel';
  }

  override get basePrefix(): string {
    return '';
  }

  /** `{lastHiddenState [B,S,H], poolerOutput [B,H], hiddenStates?, attentions?}` (caller disposes). */
  call(inputs: AlbertInputs, opts: CallOptions = {}): AlbertModelOutput {
    return tidy(() => this.albert.forward(prepareEncoderInputs(this.config, inputs), opts));
  }
}
