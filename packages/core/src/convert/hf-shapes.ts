/**
 * The HF parameter names and shapes a config implies, per head, so a converted checkpoint is
 * checked tensor by tensor (and a missing one named) before anything is written.
 */
import type { AlbertConfig } from '../config.js';
import { encoderParamShapes } from '../config-budget.js';

/** Which head tensors an HF architecture holds (beyond the `albert.` encoder). */
export const HEAD_PREFIXES: Record<string, string[]> = {
  AlbertModel: [],
  AlbertForPreTraining: ['predictions.', 'sop_classifier.'],
  AlbertForMaskedLM: ['predictions.'],
  AlbertForSequenceClassification: ['classifier.'],
  AlbertForTokenClassification: ['classifier.'],
  AlbertForMultipleChoice: ['classifier.'],
  AlbertForQuestionAnswering: ['qa_outputs.'],
};

/** HF builds these with `AlbertModel(config, add_pooling_layer=False)`: no pooler weights. */
const NO_POOLER = new Set([
  'AlbertForMaskedLM',
  'AlbertForTokenClassification',
  'AlbertForQuestionAnswering',
]);

/** `albert.`-prefixed encoder names with every group/layer index, plus the head tensors. */
export function hfParamShapes(c: AlbertConfig, architecture: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const p of encoderParamShapes(c)) {
    if (NO_POOLER.has(architecture) && p.name.startsWith('pooler.')) continue;
    if (!p.name.includes('*')) {
      out.set(`albert.${p.name}`, [...p.shape]);
      continue;
    }
    for (let g = 0; g < c.numHiddenGroups; g++) {
      for (let j = 0; j < c.innerGroupNum; j++) {
        const n = p.name.replace('*', String(g)).replace('*', String(j));
        out.set(`albert.${n}`, [...p.shape]);
      }
    }
  }
  const { embeddingSize: E, hiddenSize: H, vocabSize: V } = c;
  const heads = HEAD_PREFIXES[architecture] ?? [];
  if (heads.includes('predictions.')) {
    out.set('predictions.dense.weight', [E, H]);
    out.set('predictions.dense.bias', [E]);
    out.set('predictions.LayerNorm.weight', [E]);
    out.set('predictions.LayerNorm.bias', [E]);
    out.set('predictions.bias', [V]);
  }
  if (heads.includes('sop_classifier.')) {
    out.set('sop_classifier.classifier.weight', [2, H]);
    out.set('sop_classifier.classifier.bias', [2]);
  }
  if (heads.includes('classifier.')) {
    const n = architecture === 'AlbertForMultipleChoice' ? 1 : c.numLabels;
    out.set('classifier.weight', [n, H]);
    out.set('classifier.bias', [n]);
  }
  if (heads.includes('qa_outputs.')) {
    out.set('qa_outputs.weight', [2, H]);
    out.set('qa_outputs.bias', [2]);
  }
  return out;
}
