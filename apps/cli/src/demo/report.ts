import { backendInWords } from '../lib/native-warning.js';
import { confusionHeatmap, headsByTokens, tokensByTokens } from '../report/attention.js';
import type { Series } from '../report/line-chart.js';
import type { ReportBanner, ReportBlock, ReportData, ReportSection } from '../report/report-html.js';
import type { DemoResults, LogPoint, TaskResult } from './results.js';
import { summaryTable } from './summary.js';

function series(name: string, logs: LogPoint[], key: string): Series {
  return { name, points: logs.filter((l) => Number.isFinite(l[key])).map((l) => [l.step, l[key]!]) };
}

function hasKey(logs: LogPoint[], key: string): boolean {
  return logs.some((l) => Number.isFinite(l[key]));
}

function taskSection(t: TaskResult): ReportSection {
  const blocks: ReportBlock[] = [];
  blocks.push({
    kind: 'chart',
    chart: {
      title: `${t.title}: training loss`,
      xLabel: 'step',
      yLabel: 'loss',
      series: t.runs.map((r) => series(r.init, r.logs, 'loss')),
    },
  });
  blocks.push({
    kind: 'chart',
    chart: {
      title: `${t.title}: learning rate of the head`,
      xLabel: 'step',
      yLabel: 'learning rate',
      series: t.runs.slice(0, 1).map((r) => series('lr', r.logs, 'lr')),
    },
  });
  const evalKeys = [...new Set(t.runs.flatMap((r) => r.evals.flatMap((e) => Object.keys(e))))].filter(
    (k) => k !== 'step',
  );
  if (evalKeys.includes(t.metric)) {
    blocks.push({
      kind: 'chart',
      chart: {
        title: `${t.title}: dev ${t.metric} during training`,
        xLabel: 'step',
        yLabel: t.metric,
        series: t.runs.map((r) => ({
          name: r.init,
          points: r.evals.filter((e) => Number.isFinite(e[t.metric])).map((e) => [e.step, e[t.metric]!]),
        })),
      },
    });
  }
  const metricNames = [
    ...new Set([...Object.keys(t.baseline), ...t.runs.flatMap((r) => Object.keys(r.metrics))]),
  ];
  blocks.push({
    kind: 'table',
    table: {
      title: `${t.title}: test metrics (n = ${t.counts.test}; train ${t.counts.train}, dev ${t.counts.dev})`,
      columns: ['model', ...metricNames, 'steps', 'seconds'],
      rows: [
        [`baseline: ${t.baselineName}`, ...metricNames.map((m) => t.baseline[m] ?? null), null, null],
        ...t.runs.map((r) => [
          `ALBERT, ${r.init === 'pretrained' ? 'from our pretraining' : 'from random init'}`,
          ...metricNames.map((m) => r.metrics[m] ?? null),
          r.steps,
          Math.round(r.seconds),
        ]),
      ],
    },
  });
  for (const r of t.runs) {
    if (r.confusion) {
      blocks.push({
        kind: 'heatmap',
        heatmap: confusionHeatmap(
          `${t.title}: confusion (${r.init})`,
          r.confusion.labels,
          r.confusion.matrix,
        ),
        caption: 'Rows are true labels, columns predictions; colour is the share of the row.',
      });
    }
  }
  return { title: t.title, blocks };
}

/**
 * The banner of a run without the native kernels: the cost, the reason and the fix in words, and
 * the plan the demo chose for the slow path.
 */
export function warningBanner(r: DemoResults): ReportBanner | undefined {
  if (!r.warning) return undefined;
  const w = r.warning;
  const lines = [`Why: ${w.reason}.`, `Fix: ${w.fix}`];
  if (r.planChoice?.path === 'slow') lines.push(...r.planChoice.notes);
  return { title: `Warning: ${w.title}.`, lines };
}

/** The demo's report as data; renderReportHtml turns it into report.html. */
export function demoReport(r: DemoResults): ReportData {
  const sections: ReportSection[] = [];
  const planNotes: ReportBlock[] = (r.planChoice?.notes ?? []).map((text) => ({ kind: 'text', text }));
  sections.push({
    title: 'Summary',
    blocks: [
      { kind: 'table', table: summaryTable(r) },
      {
        kind: 'text',
        text:
          'Every task is trained twice with the same settings and steps: once starting from the ALBERT ' +
          'pretrained above, once from random initialisation. The baseline needs no learning ' +
          '(majority class; most frequent tag per word), so the value of the model and of pretraining is measured.',
      },
      ...planNotes,
    ],
  });
  const t = r.tokenizer;
  sections.push({
    title: 'Tokenizer',
    blocks: [
      {
        kind: 'table',
        table: {
          title: 'Unigram SentencePiece trained on Brown',
          columns: ['vocabulary', 'training sentences', 'seconds', 'pieces per sentence (held out)'],
          rows: [
            [t.vocabSize, t.sentences, Number(t.seconds.toFixed(1)), Number(t.piecesPerSentence.toFixed(2))],
          ],
        },
      },
      { kind: 'pre', text: `${t.example.text}\n→ ${t.example.pieces.join(' ')}` },
    ],
  });
  const p = r.pretrain;
  const lossKeys = ['loss', 'mlmLoss', 'sopLoss'].filter((k) => hasKey(p.logs, k));
  const pre: ReportBlock[] = [
    {
      kind: 'chart',
      chart: {
        title: 'Pretraining loss (MLM + SOP)',
        xLabel: 'step',
        yLabel: 'loss',
        series: lossKeys.map((k) => series(k, p.logs, k)),
      },
    },
    {
      kind: 'chart',
      chart: {
        title: 'Pretraining learning rate (LAMB)',
        xLabel: 'step',
        yLabel: 'learning rate',
        series: [series('lr', p.logs, 'lr')],
      },
    },
  ];
  const evalKeys = [...new Set(p.evals.flatMap((e) => Object.keys(e)))].filter((k) => k !== 'step');
  const evalSeries = (keys: string[]) =>
    keys.map((k) => ({
      name: k,
      points: p.evals.filter((e) => Number.isFinite(e[k])).map((e): [number, number] => [e.step, e[k]!]),
    }));
  const accKeys = evalKeys.filter((k) => k.includes('accuracy'));
  const lossKeysHeld = evalKeys.filter((k) => k.includes('loss'));
  if (accKeys.length > 0) {
    pre.push({
      kind: 'chart',
      chart: {
        title: 'Pretraining: held-out accuracy',
        xLabel: 'step',
        yLabel: 'accuracy',
        series: evalSeries(accKeys),
      },
    });
  }
  if (lossKeysHeld.length > 0) {
    pre.push({
      kind: 'chart',
      chart: {
        title: 'Pretraining: held-out loss',
        xLabel: 'step',
        yLabel: 'loss',
        series: evalSeries(lossKeysHeld),
      },
    });
  }
  pre.push({
    kind: 'table',
    table: {
      title: 'Pretraining',
      columns: ['steps', 'examples', 'tokens seen', 'seconds', ...Object.keys(p.heldOut)],
      rows: [[p.steps, p.examples, p.tokensSeen, Math.round(p.seconds), ...Object.values(p.heldOut)]],
    },
  });
  sections.push({ title: 'Pretraining', blocks: pre });
  for (const task of r.tasks) sections.push(taskSection(task));
  if (r.attention) {
    const a = r.attention;
    sections.push({
      title: 'Attention map',
      blocks: [
        {
          kind: 'heatmap',
          heatmap: headsByTokens(a.tokens, a.attention, {
            title: `Layer ${a.layer + 1}: attention from [CLS], heads × tokens`,
          }),
          caption: `“${a.sentence}”, pretrained model (attention probabilities of each head).`,
        },
        {
          kind: 'heatmap',
          heatmap: tokensByTokens(
            a.tokens,
            a.attention,
            `Layer ${a.layer + 1}: query × key, mean over heads`,
          ),
        },
      ],
    });
  }
  sections.push({
    title: 'Run',
    blocks: [
      {
        kind: 'table',
        table: {
          title: 'Time per phase',
          columns: ['phase', 'seconds'],
          rows: r.timings.map(([k, v]) => [k, Math.round(v)]),
        },
      },
      { kind: 'pre', text: JSON.stringify(r.settings, null, 2) },
    ],
  });
  const banner = warningBanner(r);
  return {
    title: 'albert demo — pretrain, fine-tune, evaluate on embedded data',
    ...(banner ? { banner } : {}),
    meta: [
      ['started', r.startedAt],
      ['finished', `${r.finishedAt} (${Math.round(r.seconds)} s)`],
      ['machine', r.machine],
      ['back end', backendInWords(r.backend)],
      ['budget', `${r.budget} (seed ${r.seed})`],
    ],
    sections,
  };
}
