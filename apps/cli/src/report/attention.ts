import type { HeatmapSpec } from './heatmap.js';

/**
 * Attention maps of one example sentence from a model's `attentions` output: one layer's
 * `[heads][query][key]` probabilities (batch index already taken).
 */

/** Heads × tokens: how much each head attends from the query token (default [CLS]) to each token. */
export function headsByTokens(
  tokens: string[],
  layer: number[][][],
  opts: { query?: number; title?: string } = {},
): HeatmapSpec {
  const q = opts.query ?? 0;
  return {
    title: opts.title ?? `Attention from “${tokens[q] ?? q}” per head`,
    rowLabels: layer.map((_, h) => `head ${h + 1}`),
    colLabels: tokens,
    values: layer.map((head) => tokens.map((_, k) => head[q]?.[k] ?? 0)),
    rowAxis: 'head',
    colAxis: 'key token',
  };
}

/** Tokens × tokens, averaged over heads. */
export function tokensByTokens(tokens: string[], layer: number[][][], title?: string): HeatmapSpec {
  const n = tokens.length;
  const values = tokens.map((_, q) =>
    tokens.map((_, k) => layer.reduce((s, head) => s + (head[q]?.[k] ?? 0), 0) / Math.max(1, layer.length)),
  );
  return {
    title: title ?? 'Attention, mean over heads (query × key)',
    rowLabels: tokens,
    colLabels: tokens,
    values: values.slice(0, n),
    rowAxis: 'query token',
    colAxis: 'key token',
    cell: Math.max(12, Math.min(28, Math.floor(520 / Math.max(1, n)))),
  };
}

/** A confusion matrix (rows true, columns predicted) with counts shown and row-normalised colour. */
export function confusionHeatmap(title: string, labels: string[], matrix: number[][]): HeatmapSpec {
  return {
    title,
    rowLabels: labels,
    colLabels: labels,
    values: matrix,
    rowAxis: 'true',
    colAxis: 'predicted',
    showValues: true,
    normalizeRows: true,
  };
}
