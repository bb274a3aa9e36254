/**
 * `exportOnnx(model, options)`: an ALBERT model (encoder or encoder + head) as the bytes of one
 * `.onnx` file, with the inputs, outputs and dynamic axes optimum gives ALBERT, so onnxruntime,
 * optimum's ORTModel classes and transformers.js load it as they load optimum's exports.
 */
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { type EncoderGraphInputs, encoderGraph } from './encoder-graph.js';
import { OnnxExportError } from './errors.js';
import { GraphBuilder, int } from './graph-builder.js';
import { headGraph, taskNeedsPooler } from './head-graphs.js';
import { DataType, encodeModel, type ModelProto } from './onnx-proto.js';
import { fitsTask, type OnnxTask, onnxTask, onnxTaskForArchitecture } from './tasks.js';
import { Weights } from './weights.js';

/** The opset written (>= 14 as optimum's ALBERT config asks; 17 for the LayerNormalization op). */
export const ONNX_OPSET = 17;
/** IR version 8 is the one ONNX 1.12 pairs with opset 17; runtimes since 2022 read it. */
const IR_VERSION = 8;
/** protobuf's message limit: larger models would need ONNX external data, not written here. */
const MAX_FILE_BYTES = 2 ** 31 - 1;
/** Room kept under the limit for the graph itself. */
const GRAPH_MARGIN_BYTES = 16 * 2 ** 20;

/** Options of `exportOnnx` / `exportOnnxModel`. */
export interface OnnxExportOptions {
  /** What to export (optimum's task names or aliases such as `base`); default: from the model's class. */
  task?: OnnxTask | 'auto' | (string & {});
  /** `producer_version` written in the file (default `0.0.0`). */
  producerVersion?: string;
}

/**
 * What `exportOnnxModel` returns: the `.onnx` bytes, the task exported, the graph's input and
 * output names and the opset.
 */
export interface OnnxExport {
  bytes: Uint8Array;
  task: OnnxTask;
  inputNames: string[];
  outputNames: string[];
  opset: number;
}

const INPUT_NAMES = ['input_ids', 'attention_mask', 'token_type_ids'] as const;

/** Resolves the task and checks that the model has what it exports. */
function resolveTask(model: AlbertPreTrainedModel, requested: string | undefined): OnnxTask {
  const task =
    requested === undefined || requested === 'auto'
      ? onnxTaskForArchitecture(model.architecture)
      : onnxTask(requested);
  if (!fitsTask(task, model.architecture)) {
    throw new OnnxExportError('INVALID_INPUT', `task ${task} does not fit a ${model.architecture}`);
  }
  return task;
}

/** The export with its task and tensor names (see {@link exportOnnx} for the bytes alone). */
export function exportOnnxModel(model: AlbertPreTrainedModel, options: OnnxExportOptions = {}): OnnxExport {
  const task = resolveTask(model, options.task);
  // Checked before any weight is copied (an upper bound: a head left out still counts).
  const weightBytes = model.numParameters() * 4;
  if (weightBytes > MAX_FILE_BYTES - GRAPH_MARGIN_BYTES) {
    throw new OnnxExportError(
      'INVALID_INPUT',
      `the weights take ${weightBytes} bytes; one .onnx file holds under 2 GiB (external data is not written)`,
    );
  }
  const config = model.config;
  const g = new GraphBuilder();
  const choices = task === 'multiple-choice';
  const dims = choices ? ['batch_size', 'num_choices', 'sequence_length'] : ['batch_size', 'sequence_length'];
  const [inputIds, attentionMask, tokenTypeIds] = INPUT_NAMES.map((n) => g.input(n, DataType.INT64, dims));
  // Multiple choice runs the encoder on [batch*choices, seq] rows, as HF flattens them.
  const flat = (x: string) =>
    choices ? g.scope('flatten', () => g.op('Flatten', [x], { axis: int(2) })) : x;
  const x: EncoderGraphInputs = {
    inputIds: flat(inputIds),
    attentionMask: flat(attentionMask),
    tokenTypeIds: flat(tokenTypeIds),
  };
  const w = new Weights(g, model);
  const encoded = g.scope('albert', () =>
    encoderGraph(g, w, config, model.basePrefix, x, { pooler: taskNeedsPooler(task) }),
  );
  headGraph(task, { g, w, config, encoded, inputIds });
  const graph = g.build(`albert_${task.replace(/-/g, '_')}`);
  const proto: ModelProto = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'albert-ts',
    producerVersion: options.producerVersion ?? '0.0.0',
    docString: `${model.architecture} exported for ${task}`,
    graph,
    metadataProps: [
      { key: 'task', value: task },
      { key: 'architecture', value: model.architecture },
    ],
  };
  return {
    bytes: encodeModel(proto),
    task,
    inputNames: [...INPUT_NAMES],
    outputNames: graph.output.map((o) => o.name),
    opset: ONNX_OPSET,
  };
}

/**
 * `model` as `.onnx` bytes (write them to `onnx/model.onnx` beside config.json for
 * transformers.js / optimum). Inputs `input_ids`, `attention_mask`, `token_type_ids` (int64,
 * `[batch_size, sequence_length]`, multiple choice `[batch_size, num_choices, sequence_length]`);
 * outputs as optimum names them per task. Throws {@link OnnxExportError}.
 */
export function exportOnnx(model: AlbertPreTrainedModel, options: OnnxExportOptions = {}): Uint8Array {
  return exportOnnxModel(model, options).bytes;
}
