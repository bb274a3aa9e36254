import { esc, formatNumber } from './svg.js';

export type Cell = string | number | null | undefined;

export interface TableSpec {
  title?: string;
  columns: string[];
  rows: Cell[][];
  /** Row index → bold (e.g. the best result). */
  emphasis?: number[];
}

function cellText(v: Cell): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? formatNumber(v) : v;
}

/** An HTML `<table>` (numbers right-aligned). */
export function htmlTable(spec: TableSpec): string {
  const head = spec.columns.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = spec.rows
    .map((row, i) => {
      const cells = row
        .map((v) => `<td${typeof v === 'number' ? ' class="num"' : ''}>${esc(cellText(v))}</td>`)
        .join('');
      return `<tr${spec.emphasis?.includes(i) ? ' class="em"' : ''}>${cells}</tr>`;
    })
    .join('');
  const caption = spec.title ? `<caption>${esc(spec.title)}</caption>` : '';
  return `<table>${caption}<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** The same table as aligned plain text, for the terminal. */
export function textTable(spec: TableSpec): string {
  const rows = [spec.columns, ...spec.rows.map((r) => r.map(cellText))];
  const widths = spec.columns.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  const line = (r: string[]) =>
    r
      .map((v, c) => {
        const numeric = c > 0 && /^[-−+]?[\d.]+(e[-+]?\d+)?%?$/.test(v);
        return numeric ? v.padStart(widths[c]!) : v.padEnd(widths[c]!);
      })
      .join('  ')
      .trimEnd();
  const out = [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows.slice(1)) out.push(line(r));
  return out.join('\n');
}

/** The same table in GitHub markdown (for READMEs). */
export function markdownTable(spec: TableSpec): string {
  const rows = spec.rows.map((r) => r.map(cellText));
  const out = [`| ${spec.columns.join(' | ')} |`, `| ${spec.columns.map(() => '---').join(' | ')} |`];
  for (const r of rows) out.push(`| ${r.join(' | ')} |`);
  return out.join('\n');
}
