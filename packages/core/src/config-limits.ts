// Hard bounds on what a config may describe, apart from the caller-raisable parameter budget
// (config-budget.ts); config.ts checks them when a config is constructed.

/**
 * The largest tensor any backend here can hold: tfjs-wasm addresses elements with int32 and the
 * typed arrays behind cpu tensors have a length limit of the same order. Not a budget — a model
 * with a bigger tensor cannot be built at all, whatever `maxParameters` says.
 */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/**
 * Bounds on the config fields that are counts of things built in JS (modules, labels, loop
 * iterations), checked when a config is constructed: those cost time and heap before any tensor
 * exists, so the parameter budget alone would not stop them. Far above every real ALBERT.
 */
export const STRUCTURE_LIMITS = {
  /** Any size or count field: it becomes a tensor dimension or an int32 id bound. */
  dimension: MAX_TENSOR_ELEMENTS,
  /** num_hidden_layers: layer applications per forward are num_hidden_layers × inner_group_num. */
  numHiddenLayers: 4096,
  /** num_hidden_groups × inner_group_num: distinct layer modules constructed. */
  layerModules: 256,
  /** num_hidden_layers × inner_group_num: layers run per forward. */
  layerApplications: 4096,
  /** num_labels: the label maps are built as JS objects. */
  numLabels: 1_000_000,
} as const;
