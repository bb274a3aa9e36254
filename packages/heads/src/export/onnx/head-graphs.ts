/**
 * Each task's outputs on top of the encoder graph, named and shaped as optimum's ALBERT export
 * names them: `last_hidden_state`, `logits`, or `start_logits` / `end_logits`.
 */
import type { AlbertConfig } from '@albert-ts/core';
import type { EncoderGraphOutputs } from './encoder-graph.js';
import { OnnxExportError } from './errors.js';
import { type Dim, type GraphBuilder, int } from './graph-builder.js';
import { activation, layerNorm, linear } from './nn-graph.js';
import { DataType } from './onnx-proto.js';
import type { OnnxTask } from './tasks.js';
import type { Weights } from './weights.js';

export interface HeadGraphContext {
  g: GraphBuilder;
  w: Weights;
  config: AlbertConfig;
  encoded: EncoderGraphOutputs;
  /** The graph's own `input_ids` (multiple choice: `[batch, choices, seq]`, before flattening). */
  inputIds: string;
}

const BATCH = 'batch_size';
const SEQ = 'sequence_length';

function output(g: GraphBuilder, name: string, dims: Dim[]): void {
  g.output(name, DataType.FLOAT, dims);
}

function pooled(ctx: HeadGraphContext): string {
  if (!ctx.encoded.pooled) throw new OnnxExportError('INVALID_CONFIG', 'this head needs the pooler');
  return ctx.encoded.pooled;
}

type HeadGraph = (ctx: HeadGraphContext) => void;

const HEADS: Record<OnnxTask, HeadGraph> = {
  'feature-extraction': ({ g, config, encoded }) => {
    g.op('Identity', [encoded.lastHiddenState], {}, 'last_hidden_state');
    output(g, 'last_hidden_state', [BATCH, SEQ, config.hiddenSize]);
  },

  // HF AlbertMLMHead: dense H→E, activation, LayerNorm, decoder E→V (tied to the word embeddings).
  'fill-mask': ({ g, w, config, encoded }) => {
    g.scope('predictions', () => {
      const dense = linear(g, w, encoded.lastHiddenState, 'predictions.dense');
      const t = layerNorm(
        g,
        w,
        activation(g, config.hiddenAct, dense),
        'predictions.LayerNorm',
        config.layerNormEps,
      );
      const scores = g.op('MatMul', [t, w.matmulWeight('predictions.decoder.weight')]);
      g.op('Add', [scores, w.tensor('predictions.decoder.bias')], {}, 'logits');
    });
    output(g, 'logits', [BATCH, SEQ, config.vocabSize]);
  },

  'text-classification': (ctx) => {
    ctx.g.scope('classifier', () => linear(ctx.g, ctx.w, pooled(ctx), 'classifier', 'logits'));
    output(ctx.g, 'logits', [BATCH, ctx.config.numLabels]);
  },

  'token-classification': ({ g, w, config, encoded }) => {
    g.scope('classifier', () => linear(g, w, encoded.lastHiddenState, 'classifier', 'logits'));
    output(g, 'logits', [BATCH, SEQ, config.numLabels]);
  },

  // HF splits qa_outputs' two channels: start (0) and end (1), each [B, S].
  'question-answering': ({ g, w, config, encoded }) => {
    if (config.numLabels !== 2) {
      throw new OnnxExportError(
        'INVALID_CONFIG',
        `question answering needs num_labels 2 (start and end), found ${config.numLabels}`,
      );
    }
    g.scope('qa_outputs', () => {
      const logits = linear(g, w, encoded.lastHiddenState, 'qa_outputs');
      g.op('Gather', [logits, g.intConst([0], [])], { axis: int(2) }, 'start_logits');
      g.op('Gather', [logits, g.intConst([1], [])], { axis: int(2) }, 'end_logits');
    });
    output(g, 'start_logits', [BATCH, SEQ]);
    output(g, 'end_logits', [BATCH, SEQ]);
  },

  // One score per flattened [batch*choices] row, reshaped to [batch, choices].
  'multiple-choice': (ctx) => {
    const { g } = ctx;
    g.scope('classifier', () => {
      const scores = linear(g, ctx.w, pooled(ctx), 'classifier');
      const shape = g.op('Shape', [ctx.inputIds], { start: int(0), end: int(2) });
      g.op('Reshape', [scores, shape], {}, 'logits');
    });
    output(g, 'logits', [BATCH, 'num_choices']);
  },
};

/** Whether a task's head reads the pooled output (HF builds those models with the pooler). */
export function taskNeedsPooler(task: OnnxTask): boolean {
  return task === 'text-classification' || task === 'multiple-choice';
}

/** Adds `task`'s output nodes and declares the graph outputs. */
export function headGraph(task: OnnxTask, ctx: HeadGraphContext): void {
  HEADS[task](ctx);
}
