import {
  AlbertBody,
  type AlbertBody as AlbertBodyT,
  type AlbertConfig,
  type AlbertInputs,
  type AlbertModelOutput,
  AlbertPreTrainedModel,
  type CallOptions,
  type EncoderInputs,
  Module,
  prepareEncoderInputs,
  tidy,
} from '@albert-ts/core';
import type * as tf from '@tensorflow/tfjs-core';

/** What a head's `forward` receives. */
export interface HeadContext<I> {
  config: AlbertConfig;
  /** The caller's inputs as given (labels and any head-specific fields included). */
  inputs: I;
  /** Validated encoder inputs, `[batch, seq]` int32 (multiple choice: flattened to `[batch*choices, seq]`). */
  encoderInputs: EncoderInputs;
  /** The encoder's outputs for `encoderInputs`. */
  encoded: AlbertModelOutput;
  training: boolean;
}

/**
 * A task head: a module mounted at the ROOT of the model's name tree (its children/params get
 * names like `classifier.weight`, beside `albert.`), plus a forward from the encoder's outputs to
 * the head's outputs (and loss when labels are given). Implement it to add a head without
 * forking; see the README for a mean-pooled sentence-embedding head.
 */
export abstract class Head<
  I extends AlbertInputs = AlbertInputs,
  O extends object = Record<string, tf.Tensor>,
> extends Module {
  /** Rank of `inputIds` this head takes: 2 (`[batch, seq]`) or 3 (`[batch, choices, seq]`). */
  get inputRank(): 2 | 3 {
    return 2;
  }
  /** Runs inside `tf.tidy`: create tensors freely, return the outputs. */
  abstract forward(ctx: HeadContext<I>): O;
}

/** Options of a head model's `call`. */
export interface HeadCallOptions extends CallOptions {
  /** Also return the encoder's `lastHiddenState` (and `poolerOutput`), as the fixtures record them. */
  returnEncoderOutputs?: boolean;
}

/** Encoder outputs a head model adds to its own (when asked for). */
export interface EncoderExtras {
  /** Lets `tf.dispose(output)` accept the object. */
  [key: string]: tf.Tensor | tf.Tensor[] | undefined;
  hiddenStates?: tf.Tensor3D[];
  attentions?: tf.Tensor4D[];
  lastHiddenState?: tf.Tensor3D;
  poolerOutput?: tf.Tensor2D;
}

/** How a head model is assembled. */
export interface HeadModelSpec<H> {
  /** Builds the head; `albert` is the encoder (its word embeddings can be tied to a decoder). */
  head: (config: AlbertConfig, albert: AlbertBodyT) => H;
  /** HF `add_pooling_layer` (default true): whether `albert.pooler` exists. */
  addPoolingLayer?: boolean;
  /** HF class name for config.json `architectures`. */
  architecture: string;
}

/**
 * An ALBERT encoder (`albert.*`) with a head. Subclass it with a constructor `(config)` that
 * passes a head factory, and the static `fromConfig`/`fromPretrained` work for the subclass.
 */
export class AlbertHeadModel<
  H extends Head<I, O>,
  I extends AlbertInputs,
  O extends object,
> extends AlbertPreTrainedModel {
  readonly albert: AlbertBodyT;
  readonly head: H;
  private readonly arch: string;

  constructor(config: AlbertConfig, spec: HeadModelSpec<H>) {
    super(config);
    this.arch = spec.architecture;
    this.albert = new AlbertBody(config, { addPoolingLayer: spec.addPoolingLayer ?? true });
    const head = spec.head(config, this.albert);
    this.head = head;
    this.addChild('albert', this.albert);
    for (const [n, p] of head.params) this.params.set(n, p);
    for (const [n, c] of head.children) this.addChild(n, c);
  }

  override get architecture(): string {
    return this.arch;
  }

  /** Runs encoder and head under `tf.tidy`; the caller disposes the returned tensors. */
  call(inputs: I, opts: HeadCallOptions = {}): O & EncoderExtras {
    return tidy(() => {
      const encoderInputs = prepareEncoderInputs(this.config, inputs, this.head.inputRank);
      const encoded = this.albert.forward(encoderInputs, opts);
      const out = this.head.forward({
        config: this.config,
        inputs,
        encoderInputs,
        encoded,
        training: opts.training ?? false,
      }) as O & EncoderExtras;
      if (encoded.hiddenStates) out.hiddenStates = encoded.hiddenStates;
      if (encoded.attentions) out.attentions = encoded.attentions;
      if (opts.returnEncoderOutputs) {
        out.lastHiddenState = encoded.lastHiddenState;
        if (encoded.poolerOutput) out.poolerOutput = encoded.poolerOutput;
      }
      return out;
    });
  }
}
