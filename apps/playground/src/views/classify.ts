import { classify } from '@albert-ts/heads';
import { scoreTable } from '../dom.js';
import { isClassifier } from '../loaders.js';
import type { Loaded } from '../state.js';

/** Scores every label of a sequence-classification model for a text (or a pair). */
export async function renderClassify(
  loaded: Loaded,
  text: string,
  pair: string,
  out: HTMLElement,
): Promise<void> {
  const { model, tokenizer } = loaded;
  if (!isClassifier(model))
    throw new Error(`classify needs a sequence-classification model, loaded ${loaded.architecture}`);
  const input = pair.trim() ? { text, textPair: pair } : text;
  const scores = await classify(model, tokenizer, input, { topK: null });
  out.replaceChildren(
    scoreTable(
      ['label', 'score'],
      scores.map((s) => [s.label, s.score]),
      'classify-results',
    ),
  );
}
