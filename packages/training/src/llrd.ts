import { checkNumber, invalidOption, TrainingError } from './errors.js';

/**
 * Depth levels for layer-wise learning-rate decay, from Hugging Face ALBERT parameter names.
 *
 * ALBERT shares weights across layers, so "layer" here means a *parameter group* that owns
 * weights, not a layer application: with `numHiddenGroups = G` the levels are
 *
 * - 0: embeddings — `albert.embeddings.*` and `albert.encoder.embedding_hidden_mapping_in.*`
 *   (the E→H projection belongs to the embedding stage; the tied MLM decoder weight is the word
 *   embedding, so it is here too);
 * - 1 … G: `albert.encoder.albert_layer_groups.{g}.*` at level g + 1 (every inner layer of a group
 *   shares its group's level, since the group runs as a unit);
 * - G + 1 (top): everything else — `albert.pooler.*` and the task heads (`predictions.*`,
 *   `sop_classifier.*`, `classifier.*`, `qa_outputs.*`, …).
 *
 * With the usual single shared group that is three levels: embeddings < shared encoder < head.
 */
export function parameterDepth(name: string, numHiddenGroups: number): number {
  if (typeof name !== 'string') throw invalidOption('name', 'a parameter name', name);
  const groups = checkNumber('numHiddenGroups', numHiddenGroups, { min: 1, integer: true });
  if (name.startsWith('albert.embeddings.') || name.startsWith('albert.encoder.embedding_hidden_mapping_in.'))
    return 0;
  const m = /^albert\.encoder\.albert_layer_groups\.(\d+)\./.exec(name);
  if (m) {
    const g = Number(m[1]);
    if (g >= groups) {
      throw new TrainingError(
        'UNKNOWN_PARAMETER',
        `layer-wise LR decay: ${name} is in group ${g} but numHiddenGroups is ${groups}`,
      );
    }
    return g + 1;
  }
  if (name.startsWith('albert.encoder.')) {
    throw new TrainingError(
      'UNKNOWN_PARAMETER',
      `layer-wise LR decay: no depth for encoder parameter ${name}`,
    );
  }
  return groups + 1;
}

/** Options of `layerwiseLrDecay`: the decay per level and the number of layer groups. */
export interface LayerwiseLrDecayOptions {
  /** Multiplier per level below the top, in (0, 1]; e.g. 0.8. */
  decay: number;
  /** Number of ALBERT layer groups; default: inferred from the names (highest group index + 1). */
  numHiddenGroups?: number;
}

/**
 * Learning-rate multipliers `decay^(depthTop − depth)` per parameter name (see {@link parameterDepth}
 * for the levels), for the optimizers' `lrScales` option: the head keeps the base rate, the
 * embeddings get the smallest.
 */
export function layerwiseLrDecay(
  names: Iterable<string | readonly [string, unknown]>,
  opts: LayerwiseLrDecayOptions,
): Map<string, number> {
  const decay = checkNumber('decay', opts?.decay, { min: 0, max: 1, minExclusive: true });
  const list = [...names].map((n) => (typeof n === 'string' ? n : n[0]));
  let groups = opts.numHiddenGroups;
  if (groups == null) {
    groups = 1;
    for (const n of list) {
      const m = /^albert\.encoder\.albert_layer_groups\.(\d+)\./.exec(n);
      if (m) groups = Math.max(groups, Number(m[1]) + 1);
    }
  }
  const top = checkNumber('numHiddenGroups', groups, { min: 1, integer: true }) + 1;
  return new Map(list.map((n) => [n, decay ** (top - parameterDepth(n, groups))]));
}
