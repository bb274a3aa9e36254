import type { TableSpec } from '../report/table.js';
import type { DemoResults, TaskResult } from './results.js';

function runMetric(t: TaskResult, init: 'pretrained' | 'scratch', metric = t.metric): number | null {
  return t.runs.find((r) => r.init === init)?.metrics[metric] ?? null;
}

/**
 * The summary the demo prints and the README quotes: per task, the baseline, the model from random
 * initialisation and the model from our pretraining, on the same test split and metric.
 */
export function summaryTable(r: DemoResults): TableSpec {
  const rows: TableSpec['rows'] = [];
  for (const t of r.tasks) {
    const p = runMetric(t, 'pretrained');
    const s = runMetric(t, 'scratch');
    rows.push([
      t.title,
      t.metric,
      t.counts.test,
      `${fmt(t.baseline[t.metric])} (${t.baselineName})`,
      fmt(s),
      fmt(p),
      p !== null && s !== null ? signed(p - s) : '—',
    ]);
  }
  const h = r.pretrain.heldOut;
  for (const [k, v] of Object.entries(h)) {
    rows.push(['Brown pretraining (held out)', k, r.pretrain.heldOutExamples, '—', '—', fmt(v), '—']);
  }
  return {
    title: 'Summary (test splits)',
    columns: ['task', 'metric', 'test n', 'baseline', 'scratch', 'pretrained', 'Δ pretrained−scratch'],
    rows,
  };
}

function fmt(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(4);
}

function signed(v: number): string {
  return (v >= 0 ? '+' : '') + v.toFixed(4);
}

/**
 * Lines printed (and written to summary.md) under the table: on the slow path, the warning and
 * the plan chosen for it, so the numbers are read with that in mind. Nothing on the default path.
 */
export function planLines(r: DemoResults): string[] {
  const lines: string[] = [];
  if (r.warning) lines.push(`warning: ${r.warning.title}; ${r.warning.reason}; fix: ${r.warning.fix}`);
  if (r.planChoice?.path === 'slow') lines.push(...r.planChoice.notes);
  return lines;
}
