import { isActivation } from './activations.js';
import { STRUCTURE_LIMITS } from './config-limits.js';
import { AlbertError, describeValue } from './errors.js';

/**
 * HF's `problem_type`: which loss sequence classification uses (MSE, cross-entropy, or BCE with
 * logits).
 */
export type ProblemType = 'regression' | 'single_label_classification' | 'multi_label_classification';

/** The camelCase fields of an ALBERT config (HF `AlbertConfig` keys, camel-cased). */
export interface AlbertConfigFields {
  vocabSize: number;
  embeddingSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numHiddenGroups: number;
  numAttentionHeads: number;
  intermediateSize: number;
  innerGroupNum: number;
  hiddenAct: string;
  hiddenDropoutProb: number;
  attentionProbsDropoutProb: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  initializerRange: number;
  layerNormEps: number;
  classifierDropoutProb: number | null;
  positionEmbeddingType: string;
  padTokenId: number | null;
  bosTokenId: number | null;
  eosTokenId: number | null;
  tieWordEmbeddings: boolean;
  numLabels: number;
  id2label: Record<number, string>;
  label2id: Record<string, number>;
  problemType: ProblemType | null;
  architectures: string[] | null;
}

/** HF snake_case key of each camelCase field. */
const SNAKE: Record<keyof AlbertConfigFields, string> = {
  vocabSize: 'vocab_size',
  embeddingSize: 'embedding_size',
  hiddenSize: 'hidden_size',
  numHiddenLayers: 'num_hidden_layers',
  numHiddenGroups: 'num_hidden_groups',
  numAttentionHeads: 'num_attention_heads',
  intermediateSize: 'intermediate_size',
  innerGroupNum: 'inner_group_num',
  hiddenAct: 'hidden_act',
  hiddenDropoutProb: 'hidden_dropout_prob',
  attentionProbsDropoutProb: 'attention_probs_dropout_prob',
  maxPositionEmbeddings: 'max_position_embeddings',
  typeVocabSize: 'type_vocab_size',
  initializerRange: 'initializer_range',
  layerNormEps: 'layer_norm_eps',
  classifierDropoutProb: 'classifier_dropout_prob',
  positionEmbeddingType: 'position_embedding_type',
  padTokenId: 'pad_token_id',
  bosTokenId: 'bos_token_id',
  eosTokenId: 'eos_token_id',
  tieWordEmbeddings: 'tie_word_embeddings',
  numLabels: 'num_labels',
  id2label: 'id2label',
  label2id: 'label2id',
  problemType: 'problem_type',
  architectures: 'architectures',
};

/** HF `AlbertConfig()` defaults (the xxlarge shape), plus PretrainedConfig's label defaults. */
const DEFAULTS: Omit<AlbertConfigFields, 'id2label' | 'label2id'> = {
  vocabSize: 30000,
  embeddingSize: 128,
  hiddenSize: 4096,
  numHiddenLayers: 12,
  numHiddenGroups: 1,
  numAttentionHeads: 64,
  intermediateSize: 16384,
  innerGroupNum: 1,
  hiddenAct: 'gelu_new',
  hiddenDropoutProb: 0,
  attentionProbsDropoutProb: 0,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  initializerRange: 0.02,
  layerNormEps: 1e-12,
  classifierDropoutProb: 0.1,
  positionEmbeddingType: 'absolute',
  padTokenId: 0,
  bosTokenId: 2,
  eosTokenId: 3,
  tieWordEmbeddings: true,
  numLabels: 2,
  problemType: null,
  architectures: null,
};

const PROBLEM_TYPES: ProblemType[] = [
  'regression',
  'single_label_classification',
  'multi_label_classification',
];

function bad(field: string, expected: string, found: unknown): AlbertError {
  const snake = (SNAKE as Record<string, string>)[field];
  const key = snake && snake !== field ? `${field} (${snake})` : field;
  return new AlbertError(
    'INVALID_CONFIG',
    `AlbertConfig.${key}: expected ${expected}, found ${describeValue(found)}`,
  );
}

function labelsFor(n: number): Record<number, string> {
  const out: Record<number, string> = {};
  for (let i = 0; i < n; i++) out[i] = `LABEL_${i}`;
  return out;
}

/**
 * An ALBERT configuration: the HF `config.json` keys as camelCase fields. Build one with
 * `AlbertConfig.fromJSON(hfJson)`, `new AlbertConfig({hiddenSize: 256, ...})` or a preset; it is
 * validated on construction and immutable afterwards (except `problemType`, which HF's sequence
 * classifier fills in from the first labels it sees). Keys this class does not know are kept and
 * written back by `toJSON()`.
 */
export class AlbertConfig implements AlbertConfigFields {
  readonly vocabSize!: number;
  readonly embeddingSize!: number;
  readonly hiddenSize!: number;
  readonly numHiddenLayers!: number;
  readonly numHiddenGroups!: number;
  readonly numAttentionHeads!: number;
  readonly intermediateSize!: number;
  readonly innerGroupNum!: number;
  readonly hiddenAct!: string;
  readonly hiddenDropoutProb!: number;
  readonly attentionProbsDropoutProb!: number;
  readonly maxPositionEmbeddings!: number;
  readonly typeVocabSize!: number;
  readonly initializerRange!: number;
  readonly layerNormEps!: number;
  readonly classifierDropoutProb!: number | null;
  readonly positionEmbeddingType!: string;
  readonly padTokenId!: number | null;
  readonly bosTokenId!: number | null;
  readonly eosTokenId!: number | null;
  readonly tieWordEmbeddings!: boolean;
  readonly numLabels!: number;
  readonly id2label!: Record<number, string>;
  readonly label2id!: Record<string, number>;
  problemType!: ProblemType | null;
  readonly architectures!: string[] | null;
  /** config.json keys this class does not interpret, kept for `toJSON()`. */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(fields: Partial<AlbertConfigFields> = {}, extra: Record<string, unknown> = {}) {
    const f: Record<string, unknown> = { ...DEFAULTS };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) f[k] = v;
    // Labels as HF's PretrainedConfig: id2label wins over num_labels; label2id follows id2label.
    if (fields.id2label != null) {
      const id2label = normaliseId2label(fields.id2label);
      f.id2label = id2label;
      f.numLabels = Object.keys(id2label).length;
    } else {
      const n = fields.numLabels ?? DEFAULTS.numLabels;
      // Checked before the label maps are built: a huge count would hang here, not fail.
      if (!Number.isInteger(n) || n < 1 || n > STRUCTURE_LIMITS.numLabels)
        throw bad('numLabels', `an integer in [1, ${STRUCTURE_LIMITS.numLabels}]`, n);
      f.id2label = labelsFor(n);
    }
    if (fields.label2id == null) {
      const l2i: Record<string, number> = {};
      for (const [i, l] of Object.entries(f.id2label as Record<number, string>)) l2i[l] = Number(i);
      f.label2id = l2i;
    }
    Object.assign(this, f);
    this.extra = { ...extra };
    validate(this);
  }

  /** Reads HF `config.json` content (snake_case keys). Unknown keys are kept in `extra`. */
  static fromJSON(json: unknown): AlbertConfig {
    if (json === null || typeof json !== 'object' || Array.isArray(json)) {
      throw new AlbertError(
        'INVALID_CONFIG',
        `AlbertConfig.fromJSON: expected an object, found ${describeValue(json)}`,
      );
    }
    const src = json as Record<string, unknown>;
    if (src.model_type !== undefined && src.model_type !== 'albert') {
      throw bad('model_type', '"albert"', src.model_type);
    }
    const fields: Record<string, unknown> = {};
    const known = new Set<string>(['model_type']);
    for (const [camel, snake] of Object.entries(SNAKE)) {
      known.add(snake);
      if (src[snake] !== undefined) fields[camel] = src[snake];
    }
    const extra: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(src)) if (!known.has(k)) extra[k] = v;
    return new AlbertConfig(fields as Partial<AlbertConfigFields>, extra);
  }

  /** HF `config.json` content (snake_case keys, `model_type: "albert"`), unknown keys included. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [camel, snake] of Object.entries(SNAKE)) {
      const v = (this as unknown as Record<string, unknown>)[camel];
      if (camel === 'architectures' && v == null) continue;
      out[snake] = camel === 'id2label' ? stringKeys(v as Record<number, string>) : v;
    }
    out.model_type = 'albert';
    for (const [k, v] of Object.entries(this.extra)) if (!(k in out)) out[k] = v;
    return out;
  }

  /** A copy with some fields replaced (camelCase), e.g. `config.with({numLabels: 5})`. */
  with(fields: Partial<AlbertConfigFields>): AlbertConfig {
    const cur: Partial<AlbertConfigFields> = {};
    for (const camel of Object.keys(SNAKE) as (keyof AlbertConfigFields)[]) {
      (cur as Record<string, unknown>)[camel] = (this as unknown as Record<string, unknown>)[camel];
    }
    if (fields.numLabels !== undefined && fields.id2label === undefined) {
      cur.id2label = undefined;
      cur.label2id = undefined;
    }
    if (fields.id2label !== undefined && fields.label2id === undefined) cur.label2id = undefined;
    return new AlbertConfig({ ...cur, ...fields }, { ...this.extra });
  }

  /** Size of one attention head (`hiddenSize / numAttentionHeads`). */
  get headDim(): number {
    return this.hiddenSize / this.numAttentionHeads;
  }

  /** Which shared group runs at layer index `i` (HF: `int(i / (L / G))`). */
  groupIndex(i: number): number {
    return Math.floor(i / (this.numHiddenLayers / this.numHiddenGroups));
  }
}

function stringKeys(m: Record<number, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(m)) out[String(k)] = v;
  return out;
}

function normaliseId2label(m: unknown): Record<number, string> {
  if (m === null || typeof m !== 'object') throw bad('id2label', 'an object {id: label}', m);
  const out: Record<number, string> = {};
  const entries = Array.isArray(m) ? m.map((v, i) => [String(i), v] as const) : Object.entries(m);
  for (const [k, v] of entries) {
    const id = Number(k);
    if (!Number.isInteger(id) || id < 0) throw bad('id2label', 'integer keys >= 0', k);
    out[id] = String(v);
  }
  const n = Object.keys(out).length;
  if (n < 1) throw bad('id2label', 'at least one label', m);
  if (n > STRUCTURE_LIMITS.numLabels)
    throw bad('id2label', `at most ${STRUCTURE_LIMITS.numLabels} labels`, m);
  for (let i = 0; i < n; i++) if (!(i in out)) throw bad('id2label', `keys 0..${n - 1}`, Object.keys(out));
  return out;
}

function posInt(c: AlbertConfig, field: keyof AlbertConfigFields, max: number): void {
  const v = c[field];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
    throw bad(field, `an integer in [1, ${max}]`, v);
}

function prob(c: AlbertConfig, field: keyof AlbertConfigFields, nullable = false): void {
  const v = c[field];
  if (nullable && v === null) return;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw bad(field, 'a probability in [0, 1)', v);
}

/** Counts of JS objects and loop iterations, bounded before the budget is even computed. */
function structure(c: AlbertConfig): void {
  const modules = c.numHiddenGroups * c.innerGroupNum;
  if (modules > STRUCTURE_LIMITS.layerModules) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `AlbertConfig: num_hidden_groups (${c.numHiddenGroups}) × inner_group_num (${c.innerGroupNum}) = ${modules} layer modules, above the ${STRUCTURE_LIMITS.layerModules} supported`,
    );
  }
  const runs = c.numHiddenLayers * c.innerGroupNum;
  if (runs > STRUCTURE_LIMITS.layerApplications) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `AlbertConfig: num_hidden_layers (${c.numHiddenLayers}) × inner_group_num (${c.innerGroupNum}) = ${runs} layer applications per forward, above the ${STRUCTURE_LIMITS.layerApplications} supported`,
    );
  }
}

function validate(c: AlbertConfig): void {
  for (const f of [
    'vocabSize',
    'embeddingSize',
    'hiddenSize',
    'numHiddenLayers',
    'numHiddenGroups',
    'numAttentionHeads',
    'intermediateSize',
    'innerGroupNum',
    'maxPositionEmbeddings',
    'typeVocabSize',
    'numLabels',
  ] as const) {
    posInt(c, f, STRUCTURE_LIMITS.dimension);
  }
  posInt(c, 'numHiddenLayers', STRUCTURE_LIMITS.numHiddenLayers);
  structure(c);
  prob(c, 'hiddenDropoutProb');
  prob(c, 'attentionProbsDropoutProb');
  prob(c, 'classifierDropoutProb', true);
  if (c.hiddenSize % c.numAttentionHeads !== 0) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `AlbertConfig: hidden_size (${c.hiddenSize}) is not a multiple of num_attention_heads (${c.numAttentionHeads})`,
    );
  }
  if (c.numHiddenGroups > c.numHiddenLayers || c.numHiddenLayers % c.numHiddenGroups !== 0) {
    throw new AlbertError(
      'INVALID_CONFIG',
      `AlbertConfig: num_hidden_groups (${c.numHiddenGroups}) must divide num_hidden_layers (${c.numHiddenLayers})`,
    );
  }
  if (typeof c.hiddenAct !== 'string' || !isActivation(c.hiddenAct)) {
    throw bad('hiddenAct', 'one of gelu_new, gelu, relu, silu, swish, gelu_fast, ...', c.hiddenAct);
  }
  if (
    !(
      typeof c.initializerRange === 'number' &&
      c.initializerRange >= 0 &&
      Number.isFinite(c.initializerRange)
    )
  ) {
    throw bad('initializerRange', 'a finite number >= 0', c.initializerRange);
  }
  if (!(typeof c.layerNormEps === 'number' && c.layerNormEps > 0 && c.layerNormEps < 1)) {
    throw bad('layerNormEps', 'a number in (0, 1)', c.layerNormEps);
  }
  if (c.positionEmbeddingType !== 'absolute') {
    throw bad(
      'positionEmbeddingType',
      '"absolute" (relative position embeddings are not supported)',
      c.positionEmbeddingType,
    );
  }
  for (const f of ['padTokenId', 'bosTokenId', 'eosTokenId'] as const) {
    const v = c[f];
    if (v !== null && !(Number.isInteger(v) && (v as number) >= 0))
      throw bad(f, 'null or an integer >= 0', v);
  }
  if (c.padTokenId !== null && c.padTokenId >= c.vocabSize) {
    throw bad('padTokenId', `an id below vocab_size (${c.vocabSize})`, c.padTokenId);
  }
  if (typeof c.tieWordEmbeddings !== 'boolean')
    throw bad('tieWordEmbeddings', 'a boolean', c.tieWordEmbeddings);
  if (c.problemType !== null && !PROBLEM_TYPES.includes(c.problemType)) {
    throw bad('problemType', `null or one of ${PROBLEM_TYPES.join(', ')}`, c.problemType);
  }
  if (
    c.architectures !== null &&
    !(Array.isArray(c.architectures) && c.architectures.every((a) => typeof a === 'string'))
  ) {
    throw bad('architectures', 'null or an array of strings', c.architectures);
  }
}
