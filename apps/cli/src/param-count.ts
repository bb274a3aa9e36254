/**
 * Parameter counts computed from a config's shape, ALBERT's and what a BERT of the same shape
 * (same vocabulary, hidden size, depth, FFN) would hold. The point of ALBERT in two numbers:
 * the factorised embedding (V·E + E·H instead of V·H) and cross-layer sharing (G groups of
 * `innerGroupNum` layers instead of L layers).
 */
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

/** One transformer layer (attention q/k/v/out, two LayerNorms, the FFN) at hidden H, FFN I. */
export function layerParameters(h: number, i: number): number {
  return 4 * (h * h + h) + 2 * h + (h * i + i) + (i * h + h) + 2 * h;
}

function headParameters(c: ShapeConfig, head: HeadKind, width: number): number {
  const labels = c.numLabels ?? 2;
  switch (head) {
    case 'none':
      return 0;
    case 'masked-lm':
      // dense H→E, LayerNorm(E), output bias V; the decoder weight is tied to the word embeddings.
      return c.hiddenSize * width + width + 2 * width + c.vocabSize;
    case 'pretraining':
      return headParameters(c, 'masked-lm', width) + 2 * c.hiddenSize + 2;
    case 'sequence-classification':
    case 'token-classification':
      return c.hiddenSize * labels + labels;
    case 'question-answering':
      return c.hiddenSize * 2 + 2;
    case 'multiple-choice':
      return c.hiddenSize + 1;
  }
}

/** HF builds these heads' encoders with `add_pooling_layer=False`. */
function hasPooler(head: HeadKind): boolean {
  return head !== 'token-classification' && head !== 'question-answering' && head !== 'masked-lm';
}

/** HF's AlbertModel parameter layout (+ a head), each tied or shared tensor counted once. */
export function albertParameterCounts(c: ShapeConfig, head: HeadKind = 'none'): ParameterCounts {
  const e = c.embeddingSize;
  const h = c.hiddenSize;
  const embeddings = (c.vocabSize + c.maxPositionEmbeddings + c.typeVocabSize) * e + 2 * e;
  const embeddingProjection = e * h + h;
  const encoderLayers = c.numHiddenGroups * c.innerGroupNum * layerParameters(h, c.intermediateSize);
  const pooler = hasPooler(head) ? h * h + h : 0;
  const headCount = headParameters(c, head, e);
  return {
    embeddings,
    embeddingProjection,
    encoderLayers,
    pooler,
    head: headCount,
    total: embeddings + embeddingProjection + encoderLayers + pooler + headCount,
  };
}

/**
 * A BERT with the same vocabulary, hidden size, depth (every layer application its own weights:
 * numHiddenLayers · innerGroupNum layers) and FFN: embeddings at H, no projection, no sharing.
 */
export function bertParameterCounts(c: ShapeConfig, head: HeadKind = 'none'): ParameterCounts {
  const h = c.hiddenSize;
  const embeddings = (c.vocabSize + c.maxPositionEmbeddings + c.typeVocabSize) * h + 2 * h;
  const encoderLayers = c.numHiddenLayers * c.innerGroupNum * layerParameters(h, c.intermediateSize);
  const pooler = hasPooler(head) ? h * h + h : 0;
  const headCount = headParameters(c, head, h);
  return {
    embeddings,
    embeddingProjection: 0,
    encoderLayers,
    pooler,
    head: headCount,
    total: embeddings + encoderLayers + pooler + headCount,
  };
}

/** 11683584 → "11.68M". */
export function humanCount(n: number): string {
  if (n >= 1e9) return (n / 1e9).toFixed(2) + 'B';
  if (n >= 1e6) return (n / 1e6).toFixed(2) + 'M';
  if (n >= 1e3) return (n / 1e3).toFixed(1) + 'k';
  return String(n);
}
