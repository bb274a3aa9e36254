import { listSafetensors } from '@albert-ts/core/node';
import { fixturePath, readFixtureJson } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { albertParameterCounts, bertParameterCounts, type HeadKind } from '../src/param-count.js';

function shapeOf(dir: string) {
  const j = readFixtureJson<Record<string, number>>(dir, 'config.json');
  return {
    vocabSize: j.vocab_size!,
    embeddingSize: j.embedding_size!,
    hiddenSize: j.hidden_size!,
    numHiddenLayers: j.num_hidden_layers!,
    numHiddenGroups: j.num_hidden_groups!,
    innerGroupNum: j.inner_group_num!,
    intermediateSize: j.intermediate_size!,
    maxPositionEmbeddings: j.max_position_embeddings!,
    typeVocabSize: j.type_vocab_size!,
    numLabels: j.num_labels,
  };
}

// Each fixture file was written by HF's save_pretrained: its tensors are the ground truth.
const CASES: Array<[string, HeadKind]> = [
  ['albert-tiny', 'pretraining'],
  ['albert-tiny-grouped', 'pretraining'],
  ['heads/masked-lm', 'masked-lm'],
  ['heads/sequence-classification', 'sequence-classification'],
  ['heads/sequence-regression', 'sequence-classification'],
  ['heads/token-classification', 'token-classification'],
  ['heads/question-answering', 'question-answering'],
  ['heads/multiple-choice', 'multiple-choice'],
];

describe('parameter counts', () => {
  it.each(CASES)('%s: the analytic count equals the tensors HF saved', async (dir, head) => {
    const entries = await listSafetensors(fixturePath(dir, 'model.safetensors'));
    const inFile = entries.reduce((s, e) => s + e.shape.reduce((a, b) => a * b, 1), 0);
    expect(albertParameterCounts(shapeOf(dir), head).total).toBe(inFile);
  });

  it('albert-base-v2: 11.68M, and BERT-base of the same shape 109.48M (the published BERT-base count)', () => {
    const base = shapeOf('albert-base-shape');
    expect(albertParameterCounts(base).total).toBe(11_683_584);
    // BERT-base (uncased) is 30522 words; with ALBERT's 30000 the same formula must move by 522·768.
    expect(bertParameterCounts({ ...base, vocabSize: 30522 }).total).toBe(109_482_240);
    expect(bertParameterCounts(base).total).toBe(109_482_240 - 522 * 768);
  });

  it('a BERT layer is 4 attention projections, two LayerNorms and the FFN; no E→H projection', () => {
    const h = 7;
    const i = 11;
    const shape = { ...shapeOf('albert-base-shape'), hiddenSize: h, intermediateSize: i, numHiddenLayers: 3 };
    const bert = bertParameterCounts(shape);
    expect(bert.encoderLayers).toBe(3 * (4 * h * h + 4 * h + 2 * h + h * i + i + i * h + h + 2 * h));
    expect(bert.embeddingProjection).toBe(0);
  });

  it('sharing: ALBERT encoder size does not grow with depth, BERT grows linearly', () => {
    const base = shapeOf('albert-base-shape');
    const deep = { ...base, numHiddenLayers: 24 };
    expect(albertParameterCounts(deep).encoderLayers).toBe(albertParameterCounts(base).encoderLayers);
    expect(bertParameterCounts(deep).encoderLayers).toBe(2 * bertParameterCounts(base).encoderLayers);
  });
});
