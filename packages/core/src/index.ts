// Registers tfjs-core's gradients (missing from its Node entry); generated at build time.
import './tfjs-gradients.js';

export { type Activation, activationNames, getActivation } from './activations.js';
export { type BackendInfo, type SetupBackendOptions, setupBackend } from './backend.js';
export { AlbertConfig, type AlbertConfigFields, type ProblemType } from './config.js';
export {
  checkConfigBudget,
  checkParameterBudget,
  DEFAULT_MAX_PARAMETERS,
  encoderParamShapes,
  MAX_TENSOR_ELEMENTS,
  type ParamShape,
  STRUCTURE_LIMITS,
} from './config-budget.js';
// TensorFlow checkpoints (tensor bundles): reading, writing, and ALBERT's TF <-> HF names.
export { hfParamShapes } from './convert/hf-shapes.js';
export { hfToTfTensors } from './convert/hf-to-tf.js';
export {
  type ConvertTfOptions,
  type ConvertTfResult,
  convertTfBundle,
  type HfTensor,
} from './convert/tf-checkpoint.js';
export { albertConfigFromTf, albertConfigToTf } from './convert/tf-config.js';
export { hfToTfName, type TfNameMapping, tfToHfName } from './convert/tf-names.js';
export {
  AlbertError,
  type AlbertErrorCode,
  // A value described for error messages (never dumps large inputs); packages above core use it too.
  describeValue,
  type ModelSizeDetails,
  ModelSizeError,
  SafetensorsError,
  type SafetensorsProblem,
} from './errors.js';
export { BROWSER_CACHE_NAME, browserHubFolder } from './hub/cache-browser.js';
export {
  DEFAULT_ENDPOINT,
  type HubEnvironment,
  hubEnvironment,
  type RepoCachePaths,
  repoCachePaths,
  resolveUrl,
} from './hub/cache-layout.js';
export type { HubOptions, HubProgress } from './hub/options.js';
export { progressLine } from './hub/progress.js';
export { type HubRepo, parseHubId, repoFolderName } from './hub/repo-id.js';
export { type HubFolder, hubFolder } from './hub/resolve.js';
export {
  MAX_HEADER_BYTES,
  parseSafetensors,
  parseSafetensorsHeader,
  readFloat32,
  readSafetensors,
  type SafetensorsEntry,
  type SafetensorsFile,
  type SafetensorsHeader,
} from './io/safetensors.js';
export { type RawTensor, type WritableTensors, writeSafetensors } from './io/safetensors-write.js';
export {
  parseShardIndex,
  pickleOnlyError,
  readFolderWeights,
  shardedSource,
  WEIGHTS_FILE,
  WEIGHTS_INDEX_FILE,
} from './io/sharded.js';
export type { PretrainedSource, SourceOptions } from './io/source.js';
export { type BundleEntry, type BundleHeader, TF_DTYPES, type TfDType } from './io/tf-bundle/bundle-proto.js';
export {
  parseTfBundleIndex,
  TfBundle,
  type TfBundleFiles,
  type TfTensor,
  type TfTensorData,
  tfDataFileName,
  tfDTypeBytes,
  tfIndexFileName,
} from './io/tf-bundle/bundle-reader.js';
export { type WriteTfBundleOptions, writeTfBundle } from './io/tf-bundle/bundle-writer.js';
export { crc32c, maskCrc, unmaskCrc } from './io/tf-bundle/crc32c.js';
export { bfloat16ToFloat32, float16ToFloat32, tfTensorToFloat32 } from './io/tf-bundle/float-convert.js';
export {
  TfCheckpointError,
  type TfCheckpointProblem,
  type TfCheckpointWhere,
} from './io/tf-bundle/tf-bundle-error.js';
export { safetensorsSource, tensorMapSource, type WeightSource } from './io/weights.js';
// One fused AdamW update per parameter (native kernel where registered): for optimizers to adopt.
export { type AdamWUpdate, adamwUpdate } from './kernels/adamw.js';
// The fused kernels' contract (names, input and attribute types), for backends implementing them.
export * as kernels from './kernels/kernel-names.js';
// Matrix products that stay on stock tfjs-wasm's fast kernel (materialised transposes there).
export {
  linearOp,
  materialisesTransposes,
  matMulOp,
  setWasmMatMulMode,
  type WasmMatMulMode,
  wasmMatMulMode,
} from './kernels/mat-mul-layout.js';
export { bceWithLogits, crossEntropy, mseLoss } from './losses.js';
export { AlbertBody, type AlbertModelOutput, type CallOptions } from './model/albert-body.js';
export { AlbertModel } from './model/albert-model.js';
export {
  AlbertAttention,
  type EncoderLayerOptions,
  type EncoderLayerOutput,
  type ExtendedAttentionMask,
  extendedAttentionMask,
} from './model/attention.js';
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
  type ModelClass,
} from './model/pretrained.js';
export {
  AlbertTransformer,
  type HiddenStatesMode,
  type TransformerOptions,
  type TransformerOutput,
} from './model/transformer.js';
export { dropout, Embedding, LayerNorm, Linear } from './nn/layers.js';
export { type Init, type Layout, Module, ModuleList, Param } from './nn/module.js';
export { tidy } from './nn/tidy.js';
export { type PresetName, presetJson, presets } from './presets.js';
// The one seeded generator (xoshiro128** seeded by splitmix32), shared with @albert-ts/training.
export {
  fnv1a32,
  seededNormal,
  splitmix32,
  type Xoshiro128State,
  xoshiro128Next,
  xoshiro128Seed,
} from './rng.js';
