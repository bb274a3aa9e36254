import { adamwSpec } from './adamw.js';
import { attentionGradSpec, attentionSpec } from './attention.js';
import { binarySpecs } from './binary.js';
import { geluGradSpec, geluSpec, layerNormGradSpec, layerNormSpec } from './fused.js';
import { gatherSpec } from './gather.js';
import { identitySpec } from './identity.js';
import { batchMatMulSpec, fusedMatMulSpec, linearGeluSpec } from './matmul.js';
import { reduceSpecs, softmaxSpec } from './reduce.js';
import { transposeSpec } from './transpose.js';
import type { NativeKernelSpec } from './types.js';
import { unarySpecs } from './unary.js';
import { xentGradSpec, xentSpec } from './xent.js';

/** Every kernel the addon provides for the wasm backend. */
export const nativeKernelSpecs: NativeKernelSpec[] = [
  batchMatMulSpec,
  fusedMatMulSpec,
  ...unarySpecs,
  ...binarySpecs,
  ...reduceSpecs,
  softmaxSpec,
  transposeSpec,
  identitySpec,
  gatherSpec,
  layerNormSpec,
  layerNormGradSpec,
  geluSpec,
  geluGradSpec,
  linearGeluSpec,
  attentionSpec,
  attentionGradSpec,
  adamwSpec,
  xentSpec,
  xentGradSpec,
];
