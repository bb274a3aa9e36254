import { fixturePath, readFixtureBytes, readFixtureJson } from '@albert-ts/test-support';
import {
  AlbertConfig,
  albertConfigToTf,
  crc32c,
  hfToTfTensors,
  maskCrc,
  parseSafetensors,
  readFloat32,
  type TfTensor,
  writeTfBundle,
} from '../../src/index.js';
import { readVarint } from '../../src/io/tf-bundle/proto-wire.js';
import { FOOTER_LENGTH, readBlock } from '../../src/io/tf-bundle/table.js';
import { parseBlock } from '../../src/io/tf-bundle/table-block.js';

/** The TensorFlow-written fixture folders under tf-bundle/. */
export const TF_FIXTURES = [
  'saved_model_counter',
  'saved_model_half_plus_three',
  'saved_model_half_plus_two_cpu',
  'saved_model_half_plus_two_mkl',
  'saved_model_half_plus_two_tf2_cpu',
] as const;

/** Fixtures whose index TensorFlow wrote without compression (the others use snappy blocks). */
export const UNCOMPRESSED = [
  'saved_model_counter',
  'saved_model_half_plus_three',
  'saved_model_half_plus_two_mkl',
];

export function fixtureFiles(name: string): { index: Uint8Array; data: Uint8Array } {
  return {
    index: readFixtureBytes('tf-bundle', name, 'variables.index'),
    data: readFixtureBytes('tf-bundle', name, 'variables.data-00000-of-00001'),
  };
}

/** An HF fixture model: its config.json and its tensors (HF names and layout). */
export function hfFixture(dir: string): {
  config: Record<string, unknown>;
  weights: Uint8Array;
  tensors: Map<string, { shape: number[]; data: Float32Array }>;
} {
  const parts = dir.split('/');
  const config = readFixtureJson<Record<string, unknown>>(...parts, 'config.json');
  const weights = readFixtureBytes(...parts, 'model.safetensors');
  const file = parseSafetensors(weights);
  const tensors = new Map<string, { shape: number[]; data: Float32Array }>();
  for (const [n, e] of file.tensors) tensors.set(n, { shape: [...e.shape], data: readFloat32(file, n) });
  return { config, weights, tensors };
}

export function hfFixtureDir(dir: string): string {
  return fixturePath(...dir.split('/'));
}

/** Offset and size of each block of a table (data blocks in order, then the index block). */
export function tableBlocks(bytes: Uint8Array): {
  data: Array<{ offset: number; size: number }>;
  index: { offset: number; size: number };
} {
  const f = bytes.length - FOOTER_LENGTH;
  const [, p] = readVarint(bytes, readVarint(bytes, f, f + 40, {})[1], f + 40, {});
  const [offset, q] = readVarint(bytes, p, f + 40, {});
  const [size] = readVarint(bytes, q, f + 40, {});
  const index = { offset, size };
  const data = parseBlock(readBlock(bytes, index, {}, 'index'), {}).map((e) => {
    const [o, r] = readVarint(e.value, 0, e.value.length, {});
    return { offset: o, size: readVarint(e.value, r, e.value.length, {})[0] };
  });
  return { data, index };
}

/** Rewrites a block's trailer CRC after its bytes were edited (to get past the checksum on purpose). */
export function resealBlock(bytes: Uint8Array, h: { offset: number; size: number }): void {
  const crc = maskCrc(crc32c(bytes.subarray(h.offset, h.offset + h.size + 1)));
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(h.offset + h.size + 1, crc, true);
}

/** HF fixture folder -> the architecture its TF checkpoint converts to (inferred, or the override). */
export const HF_FIXTURES: Record<string, { architecture: string; override?: boolean }> = {
  'albert-tiny': { architecture: 'AlbertForPreTraining' },
  'albert-tiny-grouped': { architecture: 'AlbertForPreTraining' },
  'heads/masked-lm': { architecture: 'AlbertForMaskedLM' },
  'heads/sequence-classification': { architecture: 'AlbertForSequenceClassification' },
  'heads/sequence-regression': { architecture: 'AlbertForSequenceClassification' },
  'heads/question-answering': { architecture: 'AlbertForQuestionAnswering' },
  'heads/token-classification': { architecture: 'AlbertForTokenClassification', override: true },
  'heads/multiple-choice': { architecture: 'AlbertForMultipleChoice', override: true },
};

/** google's ALBERT training code would save these beside the weights; a reader must skip them. */
export function withOptimizerState(vars: Array<[string, TfTensor]>): Array<[string, TfTensor]> {
  const slots = vars.flatMap(
    ([n, t]): Array<[string, TfTensor]> =>
      n === 'global_step'
        ? []
        : [
            [`${n}/adam_m`, t],
            [`${n}/adam_v`, t],
          ],
  );
  return [...vars, ...slots];
}

/** The TF checkpoint google's code would hold for an HF fixture, through our own writer. */
export function tfCheckpointOf(dir: string) {
  const fx = hfFixture(dir);
  const vars = withOptimizerState(hfToTfTensors(fx.tensors, { globalStep: 1000 }));
  const files = writeTfBundle(vars, { numShards: 2 });
  const albertConfig = albertConfigToTf(AlbertConfig.fromJSON(fx.config));
  return { fx, files, albertConfig, vars };
}
