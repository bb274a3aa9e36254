/**
 * google-research/albert's `albert_config.json` <-> HF `config.json`. The shared fields have the
 * same names; the differences are what each side leaves implicit. Google's "gelu" is the tanh
 * approximation (modeling.py's `gelu`), which HF calls "gelu_new" (HF "gelu" is the exact erf form),
 * so it is renamed; Google's layer norm epsilon is tf.contrib's fixed 1e-12, HF's default.
 */
import { AlbertConfig } from '../config.js';
import { AlbertError, describeValue as describe } from '../errors.js';

/** Google fields that change the architecture; only their no-op values can be converted. */
const NO_OP_FIELDS: Record<string, number> = {
  down_scale_factor: 1,
  net_structure_type: 0,
  gap_size: 0,
  num_memory_blocks: 0,
};

const SHARED_FIELDS = [
  'vocab_size',
  'embedding_size',
  'hidden_size',
  'num_hidden_layers',
  'num_hidden_groups',
  'num_attention_heads',
  'intermediate_size',
  'inner_group_num',
  'hidden_act',
  'hidden_dropout_prob',
  'attention_probs_dropout_prob',
  'max_position_embeddings',
  'type_vocab_size',
  'initializer_range',
] as const;

/** google's AlbertConfig defaults (modeling.py), where the json may omit a field. */
const GOOGLE_DEFAULTS: Record<string, unknown> = {
  embedding_size: 128,
  hidden_size: 4096,
  num_hidden_layers: 12,
  num_hidden_groups: 1,
  num_attention_heads: 64,
  intermediate_size: 16384,
  inner_group_num: 1,
  hidden_act: 'gelu',
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  initializer_range: 0.02,
};

/** An AlbertConfig from `albert_config.json` content (`where` names the file in errors). */
export function albertConfigFromTf(json: unknown, where = 'albert_config.json'): AlbertConfig {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new AlbertError('INVALID_CONFIG', `${where}: expected a JSON object, found ${describe(json)}`);
  }
  const src = json as Record<string, unknown>;
  if (src.vocab_size === undefined) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `${where}: vocab_size is required (google's config has no default)`,
    );
  }
  for (const [k, noop] of Object.entries(NO_OP_FIELDS)) {
    if (src[k] !== undefined && src[k] !== noop) {
      throw new AlbertError(
        'INVALID_CONFIG',
        `${where}: ${k} ${describe(src[k])} is not supported (ALBERT as released and HF use ${noop})`,
      );
    }
  }
  const hf: Record<string, unknown> = { model_type: 'albert' };
  for (const k of SHARED_FIELDS) hf[k] = src[k] ?? GOOGLE_DEFAULTS[k];
  if (typeof hf.hidden_act === 'string' && hf.hidden_act.toLowerCase() === 'gelu') hf.hidden_act = 'gelu_new';
  // Fields an HF-style file may add (layer_norm_eps, labels, ...) are kept.
  for (const [k, v] of Object.entries(src)) {
    if (!(k in hf) && !(k in NO_OP_FIELDS)) hf[k] = v;
  }
  try {
    return AlbertConfig.fromJSON(hf);
  } catch (e) {
    if (e instanceof AlbertError) throw new AlbertError(e.code, `${where}: ${e.message}`);
    throw e;
  }
}

/**
 * `albert_config.json` content for a config, as google's code reads it. Refused when the
 * activation has no google name (google's code knows gelu = tanh form, relu, tanh, linear).
 */
export function albertConfigToTf(config: AlbertConfig): Record<string, unknown> {
  const hf = config.toJSON();
  const act = config.hiddenAct;
  const tanhGelu = ['gelu_new', 'gelu_pytorch_tanh', 'gelu_accurate'];
  const googleAct = tanhGelu.includes(act) ? 'gelu' : ['relu', 'tanh', 'linear'].includes(act) ? act : null;
  if (googleAct === null) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `albert_config.json: hidden_act "${act}" has no equivalent in google's ALBERT (gelu = tanh form, relu, tanh)`,
    );
  }
  if (config.layerNormEps !== 1e-12) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `albert_config.json: layer_norm_eps ${config.layerNormEps} cannot be expressed (google's is fixed at 1e-12)`,
    );
  }
  const out: Record<string, unknown> = {};
  for (const k of SHARED_FIELDS) out[k] = hf[k];
  out.hidden_act = googleAct;
  out.down_scale_factor = 1;
  out.gap_size = 0;
  out.net_structure_type = 0;
  out.num_memory_blocks = 0;
  return out;
}
