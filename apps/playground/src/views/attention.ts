import { type AttentionMaps, attentionMaps, headsByTokens } from '../attention.js';
import { el } from '../dom.js';
import { heatmap } from '../heatmap.js';
import type { Loaded } from '../state.js';

/** Computes the attention maps of `text` and shows heads × tokens for a chosen layer and query token. */
export async function renderAttention(
  loaded: Loaded,
  text: string,
  controls: HTMLElement,
  out: HTMLElement,
): Promise<void> {
  const maps = await attentionMaps(loaded.model, loaded.tokenizer, text);
  const layer = el(
    'select',
    { id: 'attention-layer' },
    maps.layers.map((_, i) => el('option', { value: i }, [`layer ${i + 1}`])),
  );
  const query = el('select', { id: 'attention-query' }, [
    el('option', { value: -1 }, ['mean over queries']),
    ...maps.tokens.map((t, i) => el('option', { value: i, selected: i === 0 }, [`${i}: ${t}`])),
  ]);
  const draw = () => draw1(maps, Number(layer.value), Number(query.value), out);
  layer.addEventListener('change', draw);
  query.addEventListener('change', draw);
  controls.replaceChildren(el('label', {}, ['layer ', layer]), el('label', {}, ['attention from ', query]));
  draw();
}

function draw1(maps: AttentionMaps, layer: number, query: number, out: HTMLElement): void {
  const from = query < 0 ? 'all tokens (mean)' : maps.tokens[query];
  out.replaceChildren(
    heatmap({
      title: `layer ${layer + 1}: attention from ${from}`,
      rowLabels: maps.layers[layer].map((_, h) => `head ${h}`),
      colLabels: maps.tokens,
      values: headsByTokens(maps.layers[layer], query),
    }),
  );
}
