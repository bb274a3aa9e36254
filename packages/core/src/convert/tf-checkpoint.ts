/**
 * A TensorFlow ALBERT checkpoint (a parsed tensor bundle) -> HF-layout tensors and config.json,
 * the in-memory half of `albert convert tf`. Every variable is mapped by the rules in tf-names.ts
 * or refused by name; every shape is checked against the config; heads are inferred from which
 * head variables exist (google's pretraining, classifier and SQuAD v1 code).
 */
import type { AlbertConfig } from '../config.js';
import type { TfBundle } from '../io/tf-bundle/bundle-reader.js';
import { tfTensorToFloat32 } from '../io/tf-bundle/float-convert.js';
import { TfCheckpointError } from '../io/tf-bundle/tf-bundle-error.js';
import { HEAD_PREFIXES, hfParamShapes } from './hf-shapes.js';
import { tfToHfName } from './tf-names.js';

/** A float32 tensor in HF layout: shape and row-major data. */
export interface HfTensor {
  dtype: 'F32';
  shape: number[];
  data: Float32Array;
}

/** Options of `convertTfBundle`: the model's config and, optionally, the HF class to write. */
export interface ConvertTfOptions {
  /** The model's config (e.g. `albertConfigFromTf(albert_config.json)`). */
  config: AlbertConfig;
  /** HF class to write (default: inferred from the head variables present). */
  architecture?: string;
}

/**
 * What `convertTfBundle` returns: the HF architecture and `config.json`, the HF tensors, and what
 * was mapped or skipped.
 */
export interface ConvertTfResult {
  architecture: string;
  /** HF `config.json` content (architectures and, for a classifier, num_labels set). */
  config: Record<string, unknown>;
  /** HF state_dict names (as `save_pretrained` writes them) -> HF-layout float32 tensors. */
  tensors: Map<string, HfTensor>;
  /** TF name -> HF name of every variable converted. */
  mapping: Map<string, string>;
  /** TF variables skipped (optimizer slots, global_step, object graph). */
  skipped: string[];
  /** TF head variables the chosen architecture has no place for. */
  unused: string[];
}

/** Row-major [rows, cols] -> [cols, rows]. */
export function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

function inferArchitecture(hfNames: Set<string>): string {
  const has = (p: string) => [...hfNames].some((n) => n.startsWith(p));
  if (has('classifier.')) return 'AlbertForSequenceClassification';
  if (has('qa_outputs.')) return 'AlbertForQuestionAnswering';
  if (has('predictions.') && has('sop_classifier.')) return 'AlbertForPreTraining';
  if (has('predictions.')) return 'AlbertForMaskedLM';
  return 'AlbertModel';
}

const list = (xs: string[], n = 5) =>
  xs.slice(0, n).join(', ') + (xs.length > n ? ` (and ${xs.length - n} more)` : '');

/**
 * Converts a parsed TensorFlow ALBERT checkpoint to HF names, layouts and config. Throws
 * `TfCheckpointError` on a variable that maps to no HF parameter or a shape that contradicts the
 * config.
 */
export function convertTfBundle(bundle: TfBundle, opts: ConvertTfOptions): ConvertTfResult {
  const file = bundle.indexFile;
  const mapped = new Map<string, { tf: string; transpose: boolean }>();
  const skipped: string[] = [];
  const unmapped: string[] = [];
  for (const tf of bundle.names()) {
    const m = tfToHfName(tf);
    if (m.kind === 'skip') skipped.push(tf);
    else if (m.kind === 'unmapped') unmapped.push(tf);
    else {
      const prev = mapped.get(m.hfName);
      if (prev) {
        throw new TfCheckpointError('UNMAPPED', `both "${prev.tf}" and "${tf}" map to ${m.hfName}`, {
          file,
          tensor: tf,
        });
      }
      mapped.set(m.hfName, { tf, transpose: m.transpose });
    }
  }
  if (unmapped.length) {
    throw new TfCheckpointError(
      'UNMAPPED',
      `${unmapped.length} variable(s) match no ALBERT name rule: ${list(unmapped)}`,
      { file, tensor: unmapped[0] },
    );
  }
  const architecture = opts.architecture ?? inferArchitecture(new Set(mapped.keys()));
  if (!(architecture in HEAD_PREFIXES)) {
    throw new TfCheckpointError(
      'UNSUPPORTED',
      `architecture ${architecture}: expected one of ${Object.keys(HEAD_PREFIXES).join(', ')}`,
      { file },
    );
  }
  let config = opts.config;
  const clf = mapped.get('classifier.weight');
  if (
    clf &&
    HEAD_PREFIXES[architecture].includes('classifier.') &&
    architecture !== 'AlbertForMultipleChoice'
  ) {
    const n = bundle.entry(clf.tf).shape[0];
    if (n !== config.numLabels) config = config.with({ numLabels: n });
  }
  const want = hfParamShapes(config, architecture);
  const unused: string[] = [];
  for (const [hf, { tf }] of mapped) {
    if (want.has(hf)) continue;
    // A layer index beyond the config is a mismatch; a head (or pooler) the class lacks is only unused.
    if (hf.startsWith('albert.encoder.')) {
      throw new TfCheckpointError(
        'UNMAPPED',
        `maps to ${hf}, which the config's layer structure does not have`,
        { file, tensor: tf },
      );
    }
    unused.push(tf);
  }
  // google's transformer_model skips the projection when embedding_size == hidden_size: identity.
  const identity =
    config.embeddingSize === config.hiddenSize &&
    !mapped.has('albert.encoder.embedding_hidden_mapping_in.weight');
  const missing = [...want.keys()].filter(
    (n) => !mapped.has(n) && !(identity && n.startsWith('albert.encoder.embedding_hidden_mapping_in.')),
  );
  if (missing.length) {
    throw new TfCheckpointError(
      'NOT_FOUND',
      `${architecture} needs ${missing.length} tensor(s) the checkpoint lacks: ${list(missing)}`,
      { file },
    );
  }
  const tensors = new Map<string, HfTensor>();
  const mapping = new Map<string, string>();
  // AlbertModel.save_pretrained writes the encoder without its `albert.` prefix.
  const outName = (hf: string) => (architecture === 'AlbertModel' ? hf.slice('albert.'.length) : hf);
  for (const [hf, shape] of want) {
    const src = mapped.get(hf);
    if (!src) {
      const n = config.hiddenSize;
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      if (shape.length === 2) for (let i = 0; i < n; i++) data[i * n + i] = 1;
      tensors.set(outName(hf), { dtype: 'F32', shape, data });
      continue;
    }
    const stored = bundle.entry(src.tf).shape;
    const expectTf = src.transpose ? [shape[1], shape[0]] : shape;
    if (stored.length !== expectTf.length || stored.some((d, i) => d !== expectTf[i])) {
      throw new TfCheckpointError(
        'SHAPE_MISMATCH',
        `shape [${stored}] found, the config implies [${expectTf}] (for ${hf})`,
        {
          file,
          tensor: src.tf,
        },
      );
    }
    let data = tfTensorToFloat32(bundle.read(src.tf), src.tf);
    if (src.transpose) data = transpose2d(data, stored[0], stored[1]);
    tensors.set(outName(hf), { dtype: 'F32', shape, data });
    mapping.set(src.tf, outName(hf));
  }
  return {
    architecture,
    config: { ...config.toJSON(), architectures: [architecture] },
    tensors,
    mapping,
    skipped,
    unused,
  };
}
