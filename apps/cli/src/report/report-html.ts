import { type HeatmapSpec, heatmapSvg } from './heatmap.js';
import { type LineChartSpec, lineChartSvg } from './line-chart.js';
import { esc } from './svg.js';
import { htmlTable, type TableSpec } from './table.js';

export type ReportBlock =
  | { kind: 'chart'; chart: LineChartSpec }
  | { kind: 'table'; table: TableSpec }
  | { kind: 'heatmap'; heatmap: HeatmapSpec; caption?: string }
  | { kind: 'text'; text: string }
  | { kind: 'pre'; text: string };

export interface ReportSection {
  title: string;
  blocks: ReportBlock[];
}

/** A warning shown under the title, before everything else (e.g. the run lacked native kernels). */
export interface ReportBanner {
  title: string;
  lines: string[];
}

export interface ReportData {
  title: string;
  banner?: ReportBanner;
  /** Facts shown under the title (date, machine, back end, timings). */
  meta: Array<[string, string]>;
  sections: ReportSection[];
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0;background:#fafafa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 8px}h2{font-size:19px;margin:32px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:8px 0 16px;color:#444}
dl.meta dt{font-weight:600}dl.meta dd{margin:0}
.blocks{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure{margin:0;background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:8px}
figcaption{font-size:12px;color:#555;max-width:640px}
table{border-collapse:collapse;background:#fff;margin:4px 0}
caption{text-align:left;font-weight:600;padding:4px 0}
th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.em td{font-weight:700}
svg text{font-size:11px;fill:#333}svg .chart-title{font-size:13px;font-weight:600}svg .axis-label{font-size:12px}
pre{background:#fff;border:1px solid #e3e3e3;padding:8px;overflow:auto;max-width:100%;font-size:12px}
p.note{color:#444;max-width:900px}
.banner{background:#fff4e5;border:1px solid #e0a040;border-left:6px solid #d9822b;border-radius:6px;padding:8px 12px;margin:8px 0 16px;max-width:1000px}
.banner strong{display:block;margin-bottom:4px}.banner ul{margin:0;padding-left:20px}
`;

function block(b: ReportBlock): string {
  switch (b.kind) {
    case 'chart':
      return `<figure class="chart-figure">${lineChartSvg(b.chart)}</figure>`;
    case 'heatmap': {
      const cap = b.caption ? `<figcaption>${esc(b.caption)}</figcaption>` : '';
      return `<figure class="heatmap-figure">${heatmapSvg(b.heatmap)}${cap}</figure>`;
    }
    case 'table':
      return `<div class="table-wrap">${htmlTable(b.table)}</div>`;
    case 'text':
      return `<p class="note">${esc(b.text)}</p>`;
    case 'pre':
      return `<pre>${esc(b.text)}</pre>`;
  }
}

function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The banner as HTML (empty without one). */
export function bannerHtml(b: ReportBanner | undefined): string {
  if (!b) return '';
  const items = b.lines.map((l) => `<li>${esc(l)}</li>`).join('');
  return `<div class="banner" role="alert"><strong>${esc(b.title)}</strong>${items ? `<ul>${items}</ul>` : ''}</div>`;
}

/**
 * The whole report as one self-contained HTML document: inline CSS and SVG, no scripts, no
 * external resources (it opens from a file, offline, and can be mailed around).
 */
export function renderReportHtml(data: ReportData): string {
  const meta = data.meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('');
  const toc = data.sections.map((s) => `<li><a href="#${slug(s.title)}">${esc(s.title)}</a></li>`).join('');
  const sections = data.sections
    .map(
      (s) =>
        `<section id="${slug(s.title)}"><h2>${esc(s.title)}</h2><div class="blocks">${s.blocks.map(block).join('')}</div></section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(data.title)}</title><style>${STYLE}</style></head>
<body><main><h1>${esc(data.title)}</h1>${bannerHtml(data.banner)}<dl class="meta">${meta}</dl><nav><ul>${toc}</ul></nav>
${sections}
</main></body></html>
`;
}
