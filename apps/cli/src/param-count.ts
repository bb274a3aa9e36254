/**
 * Parameter counts of a config's shape, ALBERT's and what a BERT of the same shape (same
 * vocabulary, hidden size, depth, FFN) would hold: the point of ALBERT in two numbers, the
 * factorised embedding (V·E + E·H instead of V·H) and cross-layer sharing (G groups of
 * `innerGroupNum` layers instead of L layers). Summed from core's HF parameter shapes, so the
 * count is the tensors a saved model holds, not a second formula beside them.
 */
import { type AlbertConfig, hfParamShapes } from '@albert-ts/core';

export interface ShapeConfig {
  vocabSize: number;
  embeddingSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numHiddenGroups: number;
  innerGroupNum: number;
  intermediateSize: number;
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  numLabels?: number;
}

export type HeadKind =
  | 'none'
  | 'pretraining'
  | 'masked-lm'
  | 'sequence-classification'
  | 'token-classification'
  | 'question-answering'
  | 'multiple-choice';

export interface ParameterCounts {
  embeddings: number;
  embeddingProjection: number;
  encoderLayers: number;
  pooler: number;
  head: number;
  total: number;
}

/** The HF architecture that holds each head (and decides whether the pooler exists). */
const ARCHITECTURE: Record<HeadKind, string> = {
  none: 'AlbertModel',
  pretraining: 'AlbertForPreTraining',
  'masked-lm': 'AlbertForMaskedLM',
  'sequence-classification': 'AlbertForSequenceClassification',
  'token-classification': 'AlbertForTokenClassification',
  'question-answering': 'AlbertForQuestionAnswering',
  'multiple-choice': 'AlbertForMultipleChoice',
};

const PARTS: Array<[Exclude<keyof ParameterCounts, 'total'>, string]> = [
  ['embeddings', 'albert.embeddings.'],
  ['embeddingProjection', 'albert.encoder.embedding_hidden_mapping_in.'],
  ['encoderLayers', 'albert.encoder.albert_layer_groups.'],
  ['pooler', 'albert.pooler.'],
];

function counts(c: ShapeConfig, head: HeadKind, projection: boolean): ParameterCounts {
  const shapes = hfParamShapes({ ...c, numLabels: c.numLabels ?? 2 } as AlbertConfig, ARCHITECTURE[head]);
  const n: ParameterCounts = {
    embeddings: 0,
    embeddingProjection: 0,
    encoderLayers: 0,
    pooler: 0,
    head: 0,
    total: 0,
  };
  for (const [name, shape] of shapes) {
    const part = PARTS.find(([, prefix]) => name.startsWith(prefix))?.[0] ?? 'head';
    if (part === 'embeddingProjection' && !projection) continue;
    const size = shape.reduce((a, b) => a * b, 1);
    n[part] += size;
    n.total += size;
  }
  return n;
}

/** HF's parameter layout of the architecture holding `head`, each tied or shared tensor once. */
export function albertParameterCounts(c: ShapeConfig, head: HeadKind = 'none'): ParameterCounts {
  return counts(c, head, true);
}

/**
 * A BERT with the same vocabulary, hidden size, depth (every layer application its own weights:
 * numHiddenLayers · innerGroupNum layers) and FFN: embeddings at H, no projection, no sharing.
 */
export function bertParameterCounts(c: ShapeConfig, head: HeadKind = 'none'): ParameterCounts {
  const bert = { ...c, embeddingSize: c.hiddenSize, numHiddenGroups: c.numHiddenLayers };
  return counts(bert, head, false);
}

/** 11683584 → "11.68M". */
export function humanCount(n: number): string {
  if (n >= 1e9) return (n / 1e9).toFixed(2) + 'B';
  if (n >= 1e6) return (n / 1e6).toFixed(2) + 'M';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + 'k';
  return String(n);
}
