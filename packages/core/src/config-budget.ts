import type { AlbertConfig } from './config.js';
import { MAX_TENSOR_ELEMENTS, STRUCTURE_LIMITS } from './config-limits.js';
import { AlbertError, ModelSizeError } from './errors.js';

export { MAX_TENSOR_ELEMENTS, STRUCTURE_LIMITS };

/**
 * Default `maxParameters` of `fromConfig` / `fromPretrained`: 2.5e8 parameters (1 GB of float32).
 * Every published ALBERT fits (xxlarge has 223M); training holds about four copies (weights,
 * gradients, two AdamW/LAMB slots), which at this size already fills the 4 GB heap of the wasm
 * backend. A caller who really wants a bigger model raises it.
 */
export const DEFAULT_MAX_PARAMETERS = 2.5e8;

/** One parameter tensor: its HF name and shape. */
export interface ParamShape {
  name: string;
  shape: readonly number[];
  /** How many distinct copies exist (one per shared layer module); default 1. */
  repeat?: number;
}

/**
 * The parameters every model class holds (AlbertModel's: embeddings, encoder, pooler), from the
 * config alone. Heads only add to these, so refusing this set is right for every class; the exact
 * set is checked again from the module tree before weights are created.
 */
export function encoderParamShapes(c: AlbertConfig): ParamShape[] {
  const { vocabSize: V, embeddingSize: E, hiddenSize: H, intermediateSize: F } = c;
  const out: ParamShape[] = [
    { name: 'embeddings.word_embeddings.weight', shape: [V, E] },
    { name: 'embeddings.position_embeddings.weight', shape: [c.maxPositionEmbeddings, E] },
    { name: 'embeddings.token_type_embeddings.weight', shape: [c.typeVocabSize, E] },
    { name: 'embeddings.LayerNorm.weight', shape: [E] },
    { name: 'embeddings.LayerNorm.bias', shape: [E] },
    { name: 'encoder.embedding_hidden_mapping_in.weight', shape: [H, E] },
    { name: 'encoder.embedding_hidden_mapping_in.bias', shape: [H] },
  ];
  // One representative layer, repeated: the count is what matters, not the names.
  const layer: ParamShape[] = [
    ...['query', 'key', 'value', 'dense'].flatMap((n) => [
      { name: `attention.${n}.weight`, shape: [H, H] },
      { name: `attention.${n}.bias`, shape: [H] },
    ]),
    { name: 'attention.LayerNorm.weight', shape: [H] },
    { name: 'attention.LayerNorm.bias', shape: [H] },
    { name: 'ffn.weight', shape: [F, H] },
    { name: 'ffn.bias', shape: [F] },
    { name: 'ffn_output.weight', shape: [H, F] },
    { name: 'ffn_output.bias', shape: [H] },
    { name: 'full_layer_layer_norm.weight', shape: [H] },
    { name: 'full_layer_layer_norm.bias', shape: [H] },
  ];
  const repeat = c.numHiddenGroups * c.innerGroupNum;
  for (const p of layer) {
    out.push({ name: `encoder.albert_layer_groups.*.albert_layers.*.${p.name}`, shape: p.shape, repeat });
  }
  out.push({ name: 'pooler.weight', shape: [H, H] }, { name: 'pooler.bias', shape: [H] });
  return out;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Which config field a parameter's size follows, so an error can name what to change. */
function drivingField(name: string, c: AlbertConfig): { field: string; value: number } {
  if (/word_embeddings|predictions\.(bias|decoder)/.test(name))
    return { field: 'vocab_size', value: c.vocabSize };
  if (/position_embeddings/.test(name))
    return { field: 'max_position_embeddings', value: c.maxPositionEmbeddings };
  if (/token_type_embeddings/.test(name)) return { field: 'type_vocab_size', value: c.typeVocabSize };
  if (/classifier|qa_outputs/.test(name)) return { field: 'num_labels', value: c.numLabels };
  if (/\.ffn(_output)?\./.test(name)) return { field: 'intermediate_size', value: c.intermediateSize };
  if (/albert_layer_groups/.test(name) && c.numHiddenGroups * c.innerGroupNum > 1)
    return { field: 'num_hidden_groups × inner_group_num', value: c.numHiddenGroups * c.innerGroupNum };
  return { field: 'hidden_size', value: c.hiddenSize };
}

function fmt(n: number): string {
  return n < 1e6 ? String(n) : n.toExponential(3).replace('e+', 'e');
}

/** Bytes as a human size (float32 = 4 bytes per parameter). */
export function formatBytes(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let i = 0;
  let v = b;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** Checks a `maxParameters` option: a number > 0 (Infinity turns the budget off). */
export function checkMaxParameters(v: unknown): number {
  if (v === undefined) return DEFAULT_MAX_PARAMETERS;
  if (typeof v !== 'number' || !(v > 0))
    throw new AlbertError('INVALID_OPTION', `maxParameters: expected a number > 0, found ${String(v)}`);
  return v;
}

/**
 * Refuses parameter sets that cannot be allocated (a tensor above {@link MAX_TENSOR_ELEMENTS}) or
 * exceed `maxParameters`, before anything is allocated. Arithmetic in doubles: past 2^53 the sums
 * are approximate, which is fine for comparing against limits many orders smaller.
 */
export function checkParameterBudget(
  c: AlbertConfig,
  params: Iterable<ParamShape>,
  maxParameters: number,
  where: string,
): number {
  let total = 0;
  let largest: { name: string; shape: readonly number[]; n: number } | null = null;
  for (const p of params) {
    const n = numel(p.shape);
    if (n > MAX_TENSOR_ELEMENTS) {
      const { field, value } = drivingField(p.name, c);
      throw new ModelSizeError(
        `${where}: ${field} = ${value} implies ${p.name} of shape [${p.shape.join(', ')}] = ${fmt(n)} elements, ` +
          `more than one tensor can hold (${fmt(MAX_TENSOR_ELEMENTS)})`,
        { field, value, parameters: n, bytes: 4 * n, limit: MAX_TENSOR_ELEMENTS },
      );
    }
    const all = n * (p.repeat ?? 1);
    total += all;
    if (!largest || all > largest.n) largest = { name: p.name, shape: p.shape, n: all };
  }
  if (total > maxParameters && largest) {
    const { field, value } = drivingField(largest.name, c);
    throw new ModelSizeError(
      `${where}: the config implies ${fmt(total)} parameters (${formatBytes(4 * total)} of float32), above ` +
        `maxParameters = ${fmt(maxParameters)}; the largest part is ${largest.name} [${largest.shape.join(', ')}]` +
        `${largest.n > numel(largest.shape) ? ` × ${largest.n / numel(largest.shape)}` : ''} from ${field} = ${value} ` +
        '(pass a higher maxParameters to allow it)',
      { field, value, parameters: total, bytes: 4 * total, limit: maxParameters },
    );
  }
  return total;
}

/** {@link checkParameterBudget} for what the config alone implies (the encoder every model has). */
export function checkConfigBudget(c: AlbertConfig, maxParameters: number, where = 'AlbertConfig'): number {
  return checkParameterBudget(c, encoderParamShapes(c), maxParameters, where);
}
