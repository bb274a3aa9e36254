import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confusionHeatmap, headsByTokens, tokensByTokens } from '../src/report/attention.js';
import { type ReportData, renderReportHtml } from '../src/report/report-html.js';
import { inspectReport, launchChromium } from './helpers/browser.js';

// A report from synthetic (but shaped-like-real) data: the renderer is tested apart from training.
function sampleReport(): ReportData {
  const steps = Array.from({ length: 200 }, (_, i) => i + 1);
  const tokens = ['[CLS]', '▁the', '▁jury', '▁said', '<b>&', '[SEP]'];
  const layer = Array.from({ length: 4 }, (_, h) =>
    tokens.map((_, q) => {
      const row = tokens.map((_, k) => Math.exp(-Math.abs(q - k - h + 1)));
      const s = row.reduce((a, b) => a + b, 0);
      return row.map((v) => v / s);
    }),
  );
  return {
    title: 'albert demo — report',
    meta: [
      ['date', '2025-01-01'],
      ['machine', 'test'],
    ],
    sections: [
      {
        title: 'Summary',
        blocks: [
          {
            kind: 'table',
            table: {
              title: 'Results',
              columns: ['task', 'metric', 'pretrained', 'scratch', 'baseline'],
              rows: [
                ['spam', 'f1', 0.97, 0.93, 0],
                ['pos', 'accuracy', 0.9, 0.85, 0.88],
              ],
            },
          },
        ],
      },
      {
        title: 'Pretraining',
        blocks: [
          {
            kind: 'chart',
            chart: {
              title: 'Pretraining loss',
              xLabel: 'step',
              yLabel: 'loss',
              series: [
                { name: 'mlm', points: steps.map((s) => [s, 9 / Math.sqrt(s)]) },
                { name: 'sop', points: steps.map((s) => [s, 0.69 - s / 1000]) },
              ],
            },
          },
          {
            kind: 'chart',
            chart: {
              title: 'Learning rate',
              xLabel: 'step',
              yLabel: 'lr',
              series: [{ name: 'lr', points: steps.map((s) => [s, s < 20 ? s / 20 : 1 - s / 200]) }],
            },
          },
        ],
      },
      {
        title: 'Spam',
        blocks: [
          {
            kind: 'heatmap',
            heatmap: confusionHeatmap(
              'Confusion',
              ['ham', 'spam'],
              [
                [90, 3],
                [2, 40],
              ],
            ),
          },
        ],
      },
      {
        title: 'Attention',
        blocks: [
          { kind: 'heatmap', heatmap: headsByTokens(tokens, layer) },
          { kind: 'heatmap', heatmap: tokensByTokens(tokens, layer) },
        ],
      },
    ],
  };
}

describe('report.html in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('renders charts, heat maps and tables, and makes no network request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'albert-report-'));
    const file = join(dir, 'report.html');
    writeFileSync(file, renderReportHtml(sampleReport()));
    const r = await inspectReport(browser, file, join(dir, 'shot.png'));
    expect(r.headings).toEqual(['albert demo — report', 'Summary', 'Pretraining', 'Spam', 'Attention']);
    expect(r.charts.map((c) => c.title)).toEqual(['Pretraining loss', 'Learning rate']);
    expect(r.charts.map((c) => c.paths)).toEqual([2, 1]);
    for (const c of r.charts) expect(c.length).toBeGreaterThan(100);
    expect(r.heatmaps.map((h) => h.cells)).toEqual([4, 24, 36]);
    expect(r.heatmaps[1]!.distinctFills).toBeGreaterThan(3);
    expect(r.tables[0]).toEqual({
      caption: 'Results',
      rows: 2,
      headers: ['task', 'metric', 'pretrained', 'scratch', 'baseline'],
    });
    expect(r.requests).toEqual([]);
    expect(r.consoleErrors).toEqual([]);
  });
});
