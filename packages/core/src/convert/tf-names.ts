/**
 * ALBERT's TensorFlow variable names (google-research/albert `modeling.py`, `run_pretraining.py`,
 * `classifier_utils.py`, `squad_utils.py`) <-> Hugging Face state_dict names, as one rule table
 * read in both directions. It covers what HF's `load_tf_weights_in_albert` renames (`bert/` ->
 * `albert.`, `group_N/inner_group_M`, `attention_1`, `ffn_1`, `LayerNorm_1`, `cls/predictions`,
 * `cls/seq_relationship`, top-level `output_weights`) and skips what it skips (optimizer slots,
 * `global_step`). A TF `kernel` is `[in, out]`; an HF Linear weight is `[out, in]`: transposed.
 */

/** How a module's TF leaf names map to HF's. */
type Kind = 'dense' | 'norm' | 'embedding' | 'tensor';

interface Rule {
  /** TF scope; the first alternative is the canonical one (what google's code writes). */
  tf: string[];
  hf: string;
  kind: Kind;
}

/** Parts of one `group_N/inner_group_M` layer, relative to it. */
const LAYER_RULES: Rule[] = [
  { tf: ['attention_1/self/query', 'attention/self/query'], hf: 'attention.query', kind: 'dense' },
  { tf: ['attention_1/self/key', 'attention/self/key'], hf: 'attention.key', kind: 'dense' },
  { tf: ['attention_1/self/value', 'attention/self/value'], hf: 'attention.value', kind: 'dense' },
  { tf: ['attention_1/output/dense', 'attention/output/dense'], hf: 'attention.dense', kind: 'dense' },
  { tf: ['LayerNorm'], hf: 'attention.LayerNorm', kind: 'norm' },
  { tf: ['ffn_1/intermediate/dense', 'ffn/intermediate/dense'], hf: 'ffn', kind: 'dense' },
  {
    tf: ['ffn_1/intermediate/output/dense', 'ffn/intermediate/output/dense'],
    hf: 'ffn_output',
    kind: 'dense',
  },
  { tf: ['LayerNorm_1'], hf: 'full_layer_layer_norm', kind: 'norm' },
];

/** Modules outside the layers. `{base}` is `bert` (google's default scope) or `albert`. */
const MODEL_RULES: Rule[] = [
  { tf: ['{base}/embeddings/word_embeddings'], hf: 'albert.embeddings.word_embeddings', kind: 'embedding' },
  {
    tf: ['{base}/embeddings/position_embeddings'],
    hf: 'albert.embeddings.position_embeddings',
    kind: 'embedding',
  },
  {
    tf: ['{base}/embeddings/token_type_embeddings'],
    hf: 'albert.embeddings.token_type_embeddings',
    kind: 'embedding',
  },
  { tf: ['{base}/embeddings/LayerNorm'], hf: 'albert.embeddings.LayerNorm', kind: 'norm' },
  {
    tf: ['{base}/encoder/embedding_hidden_mapping_in'],
    hf: 'albert.encoder.embedding_hidden_mapping_in',
    kind: 'dense',
  },
  { tf: ['{base}/pooler/dense'], hf: 'albert.pooler', kind: 'dense' },
  { tf: ['cls/predictions/transform/dense'], hf: 'predictions.dense', kind: 'dense' },
  { tf: ['cls/predictions/transform/LayerNorm'], hf: 'predictions.LayerNorm', kind: 'norm' },
  { tf: ['cls/predictions/output_bias'], hf: 'predictions.bias', kind: 'tensor' },
  // [2, hidden] in TF (used with transpose_b), already HF's [out, in]: no transpose.
  { tf: ['cls/seq_relationship/output_weights'], hf: 'sop_classifier.classifier.weight', kind: 'tensor' },
  { tf: ['cls/seq_relationship/output_bias'], hf: 'sop_classifier.classifier.bias', kind: 'tensor' },
  // classifier_utils.py's (and race_utils.py's) head: [num_labels, hidden], top-level names.
  { tf: ['output_weights'], hf: 'classifier.weight', kind: 'tensor' },
  { tf: ['output_bias'], hf: 'classifier.bias', kind: 'tensor' },
  // squad_utils.py's SQuAD v1 head, [2, hidden] (start, end): beyond HF's rules, HF's QA layout.
  { tf: ['cls/squad/output_weights'], hf: 'qa_outputs.weight', kind: 'tensor' },
  { tf: ['cls/squad/output_bias'], hf: 'qa_outputs.bias', kind: 'tensor' },
];

/** Leaf names per kind: [TF leaf, HF leaf, transpose]. */
const LEAVES: Record<Kind, Array<[string, string, boolean]>> = {
  dense: [
    ['kernel', 'weight', true],
    ['bias', 'bias', false],
  ],
  norm: [
    ['gamma', 'weight', false],
    ['beta', 'bias', false],
  ],
  embedding: [['', 'weight', false]],
  tensor: [['', '', false]],
};

/** Path components that mark optimizer state or bookkeeping, never model weights. */
const SKIP_COMPONENTS = new Set([
  'adam_m',
  'adam_v',
  'AdamWeightDecayOptimizer',
  'AdamWeightDecayOptimizer_1',
  'global_step',
  '_CHECKPOINTABLE_OBJECT_GRAPH',
]);

/**
 * Where a TF variable goes: an HF parameter (with whether its kernel is transposed), skipped on
 * purpose (optimizer slots, `global_step`), or unknown.
 */
export type TfNameMapping =
  | { kind: 'param'; hfName: string; transpose: boolean }
  | { kind: 'skip'; reason: string }
  | { kind: 'unmapped' };

const LAYER_RE = /^(?:bert|albert)\/encoder\/transformer\/group_(\d+)\/inner_group_(\d+)\/(.+)$/;

function matchRule(rules: Rule[], path: string, expand: (s: string) => string[]): TfNameMapping | null {
  for (const r of rules) {
    for (const scope of r.tf.flatMap(expand)) {
      for (const [tfLeaf, hfLeaf, transpose] of LEAVES[r.kind]) {
        const tfName = tfLeaf ? `${scope}/${tfLeaf}` : scope;
        if (tfName === path) return { kind: 'param', hfName: hfLeaf ? `${r.hf}.${hfLeaf}` : r.hf, transpose };
      }
    }
  }
  return null;
}

const bases = (s: string) =>
  s.includes('{base}') ? ['bert', 'albert'].map((b) => s.replace('{base}', b)) : [s];

/** The HF name of a TF variable (and whether its value is transposed), or why it is skipped. */
export function tfToHfName(tfName: string): TfNameMapping {
  // Checkpoints exported from a TF-Hub module carry a `module/` scope.
  const name = tfName.startsWith('module/') ? tfName.slice('module/'.length) : tfName;
  const parts = name.split('/');
  const skip = parts.find((p) => SKIP_COMPONENTS.has(p));
  if (skip)
    return {
      kind: 'skip',
      reason: skip === '_CHECKPOINTABLE_OBJECT_GRAPH' ? 'object graph' : 'optimizer state',
    };
  const m = LAYER_RE.exec(name);
  if (m) {
    const hit = matchRule(LAYER_RULES, m[3], (s) => [s]);
    if (hit?.kind !== 'param') return { kind: 'unmapped' };
    const hfName = `albert.encoder.albert_layer_groups.${Number(m[1])}.albert_layers.${Number(m[2])}.${hit.hfName}`;
    return { ...hit, hfName };
  }
  return matchRule(MODEL_RULES, name, bases) ?? { kind: 'unmapped' };
}

const HF_LAYER_RE = /^albert\.encoder\.albert_layer_groups\.(\d+)\.albert_layers\.(\d+)\.(.+)$/;

/**
 * The TF name google's code gives an HF parameter (canonical spelling: `bert/` scope, `attention_1`,
 * `ffn_1`), or null when ALBERT's TF code has no such variable. `name` may lack the `albert.` prefix
 * (an AlbertModel state_dict).
 */
export function hfToTfName(
  hfName: string,
  base: 'bert' | 'albert' = 'bert',
): { tfName: string; transpose: boolean } | null {
  const head = MODEL_RULES.some((r) => hfName.startsWith(`${r.hf}.`) || hfName === r.hf);
  const name = !head && !hfName.startsWith('albert.') ? `albert.${hfName}` : hfName;
  const find = (rules: Rule[], path: string, scope: (s: string) => string) => {
    for (const r of rules) {
      for (const [tfLeaf, hfLeaf, transpose] of LEAVES[r.kind]) {
        if ((hfLeaf ? `${r.hf}.${hfLeaf}` : r.hf) === path) {
          const s = scope(r.tf[0]);
          return { tfName: tfLeaf ? `${s}/${tfLeaf}` : s, transpose };
        }
      }
    }
    return null;
  };
  const m = HF_LAYER_RE.exec(name);
  if (m)
    return find(
      LAYER_RULES,
      m[3],
      (s) => `${base}/encoder/transformer/group_${m[1]}/inner_group_${m[2]}/${s}`,
    );
  return find(MODEL_RULES, name, (s) => s.replace('{base}', base));
}
