import { fillMask } from '@albert-ts/heads';
import { el, scoreTable } from '../dom.js';
import { isMlm } from '../loaders.js';
import type { Loaded } from '../state.js';

/** Runs HF fill-mask on `text` and renders one table per `[MASK]`. */
export async function renderFillMask(
  loaded: Loaded,
  text: string,
  topK: number,
  out: HTMLElement,
): Promise<void> {
  const { model, tokenizer } = loaded;
  if (!isMlm(model)) throw new Error(`fill-mask needs a masked-LM model, loaded ${loaded.architecture}`);
  const k = Number.isInteger(topK) && topK > 0 ? topK : 5;
  const perMask = await fillMask(model, tokenizer, text, { topK: k });
  out.replaceChildren(
    ...perMask.map((preds, i) =>
      el('div', { class: 'mask-result', 'data-mask': i }, [
        perMask.length > 1 ? el('h3', {}, [`mask ${i + 1}`]) : '',
        scoreTable(
          ['token', 'sequence', 'score'],
          preds.map((p) => [p.tokenStr, p.sequence, p.score]),
          'fill-mask-results',
        ),
      ]),
    ),
  );
}
