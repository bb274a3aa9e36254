import { answer } from '@albert-ts/heads';
import { el, scoreTable } from '../dom.js';
import { isQa } from '../loaders.js';
import type { Loaded } from '../state.js';

/** Extractive QA: the best spans cut from the original context, the top one highlighted in place. */
export async function renderAnswer(
  loaded: Loaded,
  question: string,
  context: string,
  out: HTMLElement,
): Promise<void> {
  const { model, tokenizer } = loaded;
  if (!isQa(model)) throw new Error(`answer needs a question-answering model, loaded ${loaded.architecture}`);
  const spans = await answer(model, tokenizer, { question, context }, { topK: 3 });
  if (spans.length === 0) {
    out.replaceChildren(el('p', {}, ['no answer span found']));
    return;
  }
  const best = spans[0];
  out.replaceChildren(
    el('p', { class: 'answer-context' }, [
      context.slice(0, best.start),
      el('mark', {}, [context.slice(best.start, best.end)]),
      context.slice(best.end),
    ]),
    scoreTable(
      ['answer', 'characters', 'score'],
      spans.map((s) => [s.answer, `${s.start}–${s.end}`, s.score]),
      'answer-results',
    ),
  );
}
