/**
 * HF-layout tensors -> the TF variables google's ALBERT code would hold (names of tf-names.ts,
 * kernels transposed back to [in, out]), ready for `writeTfBundle`. The other direction of the
 * conversion: tests build TensorFlow checkpoints from HF fixtures with it, and users can hand a
 * fine-tuned model back to google's TF code.
 */
import type { TfTensor } from '../io/tf-bundle/bundle-reader.js';
import { TfCheckpointError } from '../io/tf-bundle/tf-bundle-error.js';
import { transpose2d } from './tf-checkpoint.js';
import { hfToTfName } from './tf-names.js';

/** Tied aliases HF may list that are not variables of their own (the MLM decoder). */
const TIED = new Set(['predictions.decoder.weight', 'predictions.decoder.bias']);

/**
 * HF-layout tensors (by HF name) → `[tfName, tensor]` pairs as google's ALBERT code names and lays
 * them out (`bert/` or `albert/` prefix, optional `global_step`), ready for `writeTfBundle`.
 */
export function hfToTfTensors(
  tensors: Iterable<readonly [string, { readonly shape: readonly number[]; readonly data: Float32Array }]>,
  opts: { base?: 'bert' | 'albert'; globalStep?: number } = {},
): Array<[string, TfTensor]> {
  const out: Array<[string, TfTensor]> = [];
  for (const [hf, t] of tensors) {
    if (TIED.has(hf) || hf.endsWith('position_ids') || hf.endsWith('token_type_ids')) continue;
    const m = hfToTfName(hf, opts.base);
    if (!m)
      throw new TfCheckpointError('UNMAPPED', `no TensorFlow ALBERT variable corresponds to ${hf}`, {
        tensor: hf,
      });
    if (m.transpose && t.shape.length !== 2) {
      throw new TfCheckpointError('SHAPE_MISMATCH', `a Linear weight of shape [${t.shape}], expected 2-D`, {
        tensor: hf,
      });
    }
    const data = m.transpose ? transpose2d(t.data, t.shape[0], t.shape[1]) : Float32Array.from(t.data);
    const shape = m.transpose ? [t.shape[1], t.shape[0]] : [...t.shape];
    out.push([m.tfName, { dtype: 'float32', shape, data }]);
  }
  // google's training loop saves a step counter; readers must skip it.
  if (opts.globalStep !== undefined) {
    out.push(['global_step', { dtype: 'int64', shape: [], data: BigInt64Array.of(BigInt(opts.globalStep)) }]);
  }
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}
