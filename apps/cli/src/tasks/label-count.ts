import { UsageError } from '../util/errors.js';
import type { TaskKind } from './examples.js';

/**
 * Classification needs two labels at least: with one, the loss is a softmax over a single class
 * (always 0, nothing to learn) and tfjs fails deep inside with "depth must be >=2". Refused up
 * front, naming where the labels came from and how to fix it.
 */
export function assertTwoLabels(kind: TaskKind, labelNames: readonly string[], source: string): void {
  if (kind !== 'classification' && kind !== 'token-classification') return;
  if (labelNames.length >= 2) return;
  const what = kind === 'classification' ? 'label' : 'tag';
  const found = labelNames.length ? ` (${JSON.stringify(labelNames[0])})` : '';
  throw new UsageError(
    `${source}: the training data has only ${labelNames.length} distinct ${what}${found}; ${kind} needs at least 2 ` +
      '(name the others with --labels a,b,… or use a task with more than one class)',
  );
}
