import type { Browser } from 'playwright-core';

export { launchChromium } from '@albert-ts/test-support/browser';

export interface RenderedReport {
  headings: string[];
  /** Per line chart: series paths with a non-empty `d` (starting at a point), their total rendered length in px. */
  charts: Array<{ title: string; paths: number; length: number }>;
  heatmaps: Array<{ title: string; cells: number; distinctFills: number }>;
  tables: Array<{ caption: string; rows: number; headers: string[] }>;
  /** Requests the page tried to make beyond the report file itself. */
  requests: string[];
  consoleErrors: string[];
}

/** Opens a report file and measures what actually rendered (layout included, not just markup). */
export async function inspectReport(
  browser: Browser,
  file: string,
  screenshot?: string,
): Promise<RenderedReport> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests: string[] = [];
  const consoleErrors: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('file://')) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await page.goto('file://' + file);
  const result = await page.evaluate(() => {
    const headings = Array.from(document.querySelectorAll('h1, h2')).map((h) => h.textContent ?? '');
    const charts = Array.from(document.querySelectorAll('svg.line-chart')).map((svg) => {
      const paths = Array.from(svg.querySelectorAll('path.series')) as SVGPathElement[];
      const drawn = paths.filter((p) => /^M[\d.]+,[\d.]+/.test(p.getAttribute('d') ?? ''));
      return {
        title: svg.querySelector('title')?.textContent ?? '',
        paths: drawn.length,
        length: drawn.reduce((s, p) => s + p.getTotalLength(), 0),
      };
    });
    const heatmaps = Array.from(document.querySelectorAll('svg.heatmap')).map((svg) => {
      const cells = Array.from(svg.querySelectorAll('rect.cell')) as SVGRectElement[];
      const visible = cells.filter((c) => {
        const b = c.getBBox();
        return b.width > 0 && b.height > 0;
      });
      return {
        title: svg.querySelector('title')?.textContent ?? '',
        cells: visible.length,
        distinctFills: new Set(cells.map((c) => c.getAttribute('fill'))).size,
      };
    });
    const tables = Array.from(document.querySelectorAll('table')).map((t) => ({
      caption: t.querySelector('caption')?.textContent ?? '',
      rows: t.querySelectorAll('tbody tr').length,
      headers: Array.from(t.querySelectorAll('thead th')).map((th) => th.textContent ?? ''),
    }));
    return { headings, charts, heatmaps, tables };
  });
  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { ...result, requests, consoleErrors };
}
