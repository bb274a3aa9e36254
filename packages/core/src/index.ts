// Registers tfjs-core's gradients (missing from its Node entry); generated at build time.
import './tfjs-gradients.js';

export { type Activation, activationNames, getActivation } from './activations.js';
export { type BackendInfo, type SetupBackendOptions, setupBackend } from './backend.js';
export { AlbertConfig, type AlbertConfigFields, type ProblemType } from './config.js';
export { AlbertError, type AlbertErrorCode, SafetensorsError, type SafetensorsProblem } from './errors.js';
export {
  MAX_HEADER_BYTES,
  parseSafetensors,
  readFloat32,
  readSafetensors,
  type SafetensorsEntry,
  type SafetensorsFile,
} from './io/safetensors.js';
export { type RawTensor, type WritableTensors, writeSafetensors } from './io/safetensors-write.js';
export type { PretrainedSource, SourceOptions } from './io/source.js';
export { safetensorsSource, tensorMapSource, type WeightSource } from './io/weights.js';
// One fused AdamW update per parameter (native kernel where registered): for optimizers to adopt.
export { type AdamWUpdate, adamwUpdate } from './kernels/adamw.js';
export { bceWithLogits, crossEntropy, mseLoss } from './losses.js';
export { AlbertBody, type AlbertModelOutput, type CallOptions } from './model/albert-body.js';
export { AlbertModel } from './model/albert-model.js';
export { AlbertAttention } from './model/attention.js';
export { AlbertEmbeddings } from './model/embeddings.js';
export {
  type AlbertInputs,
  type EncoderInputs,
  type IntInput,
  type NumInput,
  prepareEncoderInputs,
  toTensor,
} from './model/inputs.js';
export { AlbertLayer, AlbertLayerGroup } from './model/layer.js';
export {
  AlbertPreTrainedModel,
  type FromPretrainedOptions,
  type LoadOptions,
  type LoadReport,
} from './model/pretrained.js';
export { AlbertTransformer, type HiddenStatesMode } from './model/transformer.js';
export { dropout, Embedding, LayerNorm, Linear } from './nn/layers.js';
export { type Init, type Layout, Module, ModuleList, Param } from './nn/module.js';
export { tidy } from './nn/tidy.js';
export { type PresetName, presetJson, presets } from './presets.js';
