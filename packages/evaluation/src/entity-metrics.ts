import { defaultEntities } from './entity-default.js';
import { detectScheme, type Entity, strictEntities, type TagScheme } from './entity-scheme.js';
import { describeValue, EvaluationError } from './errors.js';
import { compareCodePoints, npMean, npWeightedAverage } from './numeric.js';

/** Tag sequences: one array of tags per sentence (a flat array is taken as one sentence). */
export type TagSequences = readonly (readonly string[])[] | readonly string[];

/** How entities are read from tag sequences (seqeval's `mode`, `scheme`, `suffix`). */
export interface EntityOptions {
  /**
   * `'default'` (seqeval's default, conlleval-compatible: an I- without B- starts an entity) or `'strict'`
   * (an entity counts only if it follows the scheme exactly).
   */
  mode?: 'default' | 'strict';
  /** Strict mode's tagging scheme; detected from the references when absent (as seqeval's report does). */
  scheme?: TagScheme;
  /** Tags written as "PER-B" rather than "B-PER". */
  suffix?: boolean;
  /** Strict mode: the separator between prefix and type (default "-"). */
  delimiter?: string;
}

/** Options of `entityScores`: the entity reading plus seqeval's `average` and `zero_division`. */
export interface EntityScoreOptions extends EntityOptions {
  /** Default `'micro'` (seqeval's default); `null` gives one score per entity type. */
  average?: 'micro' | 'macro' | 'weighted' | null;
  /** Value of a score whose denominator is 0; default 0 (seqeval's "warn" behaves as 0). */
  zeroDivision?: 0 | 1;
}

/**
 * What `entityScores` returns: entity-level precision, recall, F1 and support, numbers for an
 * average or arrays (one per type, in `types` order) for `average: null`.
 */
export interface EntityScores<T = number> {
  precision: T;
  recall: T;
  f1: T;
  /** Number of reference entities (per type, or in total for an average). */
  support: T;
  /** Entity types the arrays refer to, sorted. */
  types: string[];
}

function asSentences(seqs: TagSequences, name: string, what: string): (readonly string[])[] {
  if (!Array.isArray(seqs)) {
    throw new EvaluationError(
      'INVALID_INPUT',
      `${what}: ${name} must be an array of tag arrays, found ${describeValue(seqs)}`,
    );
  }
  if (seqs.length > 0 && seqs.every((s) => typeof s === 'string')) return [seqs as readonly string[]];
  return (seqs as unknown[]).map((s, i) => {
    if (!Array.isArray(s)) {
      throw new EvaluationError(
        'INVALID_INPUT',
        `${what}: ${name}[${i}] must be an array of tags, found ${describeValue(s)}`,
      );
    }
    return s as readonly string[];
  });
}

function checkShapes(pred: (readonly string[])[], ref: (readonly string[])[], what: string): void {
  if (pred.length !== ref.length) {
    throw new EvaluationError(
      'LENGTH_MISMATCH',
      `${what}: ${pred.length} predicted sentences but ${ref.length} reference sentences`,
    );
  }
  for (let i = 0; i < ref.length; i++) {
    if (pred[i].length !== ref[i].length) {
      throw new EvaluationError(
        'LENGTH_MISMATCH',
        `${what}: sentence ${i} has ${pred[i].length} predicted tags but ${ref[i].length} reference tags`,
      );
    }
  }
}

/** The entities of tag sequences under seqeval's default or strict rules (see `EntityOptions`). */
export function extractEntities(sequences: TagSequences, options: EntityOptions = {}): Entity[] {
  const sentences = asSentences(sequences, 'sequences', 'extractEntities');
  if ((options.mode ?? 'default') === 'strict') {
    const scheme = options.scheme ?? detectScheme(sentences, options);
    return strictEntities(sentences, scheme, options, 'extractEntities');
  }
  return defaultEntities(sentences, options, 'extractEntities');
}

interface TypeCounts {
  types: string[];
  tp: number[];
  pred: number[];
  truth: number[];
}

function typeCounts(
  predictions: TagSequences,
  references: TagSequences,
  options: EntityOptions,
  what: string,
): TypeCounts {
  const pred = asSentences(predictions, 'predictions', what);
  const ref = asSentences(references, 'references', what);
  checkShapes(pred, ref, what);
  const mode = options.mode ?? 'default';
  if (mode !== 'default' && mode !== 'strict') {
    throw new EvaluationError(
      'INVALID_OPTION',
      `${what}: mode must be 'default' or 'strict', found ${describeValue(mode)}`,
    );
  }
  let pe: Entity[];
  let re: Entity[];
  if (mode === 'strict') {
    const scheme = options.scheme ?? detectScheme(ref, options);
    re = strictEntities(ref, scheme, options, `${what} (references)`);
    pe = strictEntities(pred, scheme, options, `${what} (predictions)`);
  } else {
    re = defaultEntities(ref, options, `${what} (references)`);
    pe = defaultEntities(pred, options, `${what} (predictions)`);
  }
  const byType = (list: Entity[]) => {
    const m = new Map<string, Set<string>>();
    for (const e of list) {
      let s = m.get(e.type);
      if (!s) {
        s = new Set();
        m.set(e.type, s);
      }
      s.add(`${e.sentence}:${e.start}:${e.end}`);
    }
    return m;
  };
  const rt = byType(re);
  const pt = byType(pe);
  const types = [...new Set([...rt.keys(), ...pt.keys()])].sort(compareCodePoints);
  const tp: number[] = [];
  const predN: number[] = [];
  const truth: number[] = [];
  for (const t of types) {
    const r = rt.get(t) ?? new Set<string>();
    const p = pt.get(t) ?? new Set<string>();
    let c = 0;
    for (const k of p) if (r.has(k)) c++;
    tp.push(c);
    predN.push(p.size);
    truth.push(r.size);
  }
  return { types, tp, pred: predN, truth };
}

/**
 * Entity-level precision, recall and F1 as seqeval computes them (`precision_recall_fscore_support`,
 * default mode or strict mode with a scheme). An entity is correct when type, sentence, start and end all
 * match. Macro-averaging with no entity at all gives NaN, as numpy's average of nothing.
 */
export function entityScores(
  predictions: TagSequences,
  references: TagSequences,
  options: EntityScoreOptions & { average: null },
): EntityScores<number[]>;
export function entityScores(
  predictions: TagSequences,
  references: TagSequences,
  options?: EntityScoreOptions,
): EntityScores<number>;
export function entityScores(
  predictions: TagSequences,
  references: TagSequences,
  options: EntityScoreOptions = {},
): EntityScores<number> | EntityScores<number[]> {
  const what = 'entityScores';
  const average = options.average === undefined ? 'micro' : options.average;
  if (![null, 'micro', 'macro', 'weighted'].includes(average)) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `${what}: average must be 'micro', 'macro', 'weighted' or null, found ${describeValue(average)}`,
    );
  }
  const zd = options.zeroDivision ?? 0;
  if (zd !== 0 && zd !== 1) {
    throw new EvaluationError(
      'INVALID_OPTION',
      `${what}: zeroDivision must be 0 or 1, found ${describeValue(zd)}`,
    );
  }
  const c = typeCounts(predictions, references, options, what);
  let { tp, pred, truth } = c;
  const sum = (a: number[]) => a.reduce((x, y) => x + y, 0);
  if (average === 'micro') {
    tp = [sum(tp)];
    pred = [sum(pred)];
    truth = [sum(truth)];
  }
  const precision = tp.map((v, i) => (pred[i] === 0 ? zd : v / pred[i]));
  const recall = tp.map((v, i) => (truth[i] === 0 ? zd : v / truth[i]));
  const f1 = precision.map((p, i) => {
    const denom = p + recall[i];
    return (2 * p * recall[i]) / (denom === 0 ? 1 : denom);
  });
  if (average === null) return { precision, recall, f1, support: truth, types: c.types };
  const support = sum(truth);
  if (average === 'micro')
    return { precision: precision[0], recall: recall[0], f1: f1[0], support, types: c.types };
  if (average === 'weighted') {
    if (support === 0) {
      const noPred = sum(pred) === 0;
      return { precision: noPred ? zd : 0, recall: zd, f1: noPred ? zd : 0, support, types: c.types };
    }
    return {
      precision: npWeightedAverage(precision, truth),
      recall: npWeightedAverage(recall, truth),
      f1: npWeightedAverage(f1, truth),
      support,
      types: c.types,
    };
  }
  return { precision: npMean(precision), recall: npMean(recall), f1: npMean(f1), support, types: c.types };
}

/** seqeval `accuracy_score`: the fraction of tags equal to the reference tag, over all sentences. */
export function tokenAccuracy(predictions: TagSequences, references: TagSequences): number {
  const what = 'tokenAccuracy';
  const pred = asSentences(predictions, 'predictions', what);
  const ref = asSentences(references, 'references', what);
  checkShapes(pred, ref, what);
  let correct = 0;
  let total = 0;
  for (let s = 0; s < ref.length; s++) {
    for (let i = 0; i < ref[s].length; i++) {
      if (pred[s][i] === ref[s][i]) correct++;
      total++;
    }
  }
  if (total === 0) throw new EvaluationError('EMPTY_INPUT', `${what}: no tags to compare`);
  return correct / total;
}

/** Scores of one entity type, as Hugging Face's `seqeval` metric reports them. */
export interface EntityTypeScore {
  precision: number;
  recall: number;
  f1: number;
  /** Number of reference entities of the type. */
  number: number;
}

/** Hugging Face `evaluate`'s `seqeval` result: one entry per entity type plus the overall_* scores. */
export interface SeqevalResult {
  [type: string]: EntityTypeScore | number;
  overall_precision: number;
  overall_recall: number;
  overall_f1: number;
  overall_accuracy: number;
}

/**
 * What Hugging Face's `seqeval` metric returns: per-type precision/recall/f1/number, micro-averaged
 * overall_precision/recall/f1, and token accuracy. Strict mode without a scheme detects it from the
 * references, as seqeval's `classification_report` does.
 */
export function seqevalMetrics(
  predictions: TagSequences,
  references: TagSequences,
  options: Omit<EntityScoreOptions, 'average'> = {},
): SeqevalResult {
  const per = entityScores(predictions, references, { ...options, average: null });
  const micro = entityScores(predictions, references, { ...options, average: 'micro' });
  const out: Record<string, EntityTypeScore | number> = {};
  per.types.forEach((t, i) => {
    out[t] = { precision: per.precision[i], recall: per.recall[i], f1: per.f1[i], number: per.support[i] };
  });
  out.overall_precision = micro.precision;
  out.overall_recall = micro.recall;
  out.overall_f1 = micro.f1;
  out.overall_accuracy = tokenAccuracy(predictions, references);
  return out as SeqevalResult;
}
