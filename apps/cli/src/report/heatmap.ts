import { blues, esc, formatNumber, num } from './svg.js';

export interface HeatmapSpec {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  /** values[row][col]. */
  values: number[][];
  rowAxis?: string;
  colAxis?: string;
  /** Print each cell's value (for counts); off for dense maps. */
  showValues?: boolean;
  /** Colour by row-normalised value (confusion matrices: recall per true class). */
  normalizeRows?: boolean;
  /** Cell size in px (default fits ~640 px wide). */
  cell?: number;
}

/** A heat map as a standalone `<svg>`: one `<rect>` per cell, labels, a colour key. */
export function heatmapSvg(spec: HeatmapSpec): string {
  const rows = spec.values.length;
  const cols = rows > 0 ? Math.max(...spec.values.map((r) => r.length)) : 0;
  const longestRow = Math.max(0, ...spec.rowLabels.map((l) => l.length));
  const longestCol = Math.max(0, ...spec.colLabels.map((l) => l.length));
  const cell = spec.cell ?? Math.max(12, Math.min(40, Math.floor(560 / Math.max(1, cols))));
  const left = 20 + Math.min(160, longestRow * 7 + 8);
  const top = 30 + Math.min(120, longestCol * 5.5 + 10);
  const W = Math.max(left + cols * cell + 70, left + spec.title.length * 7 + 10);
  const H = top + rows * cell + 30;
  const flat = spec.values.flat().filter(Number.isFinite);
  const max = flat.length ? Math.max(...flat) : 1;
  const min = flat.length ? Math.min(0, ...flat) : 0;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart heatmap" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
    `<text x="${left}" y="16" class="chart-title">${esc(spec.title)}</text>`,
  ];
  spec.values.forEach((row, r) => {
    const rowSum = row.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    row.forEach((v, c) => {
      const t = spec.normalizeRows ? (rowSum > 0 ? v / rowSum : 0) : max > min ? (v - min) / (max - min) : 0;
      const x = left + c * cell;
      const y = top + r * cell;
      const label = `${spec.rowLabels[r] ?? r} → ${spec.colLabels[c] ?? c}: ${formatNumber(v, 3)}`;
      parts.push(
        `<rect class="cell" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blues(t)}"><title>${esc(label)}</title></rect>`,
      );
      if (spec.showValues && cell >= 16) {
        parts.push(
          `<text x="${num(x + cell / 2)}" y="${num(y + cell / 2)}" dy="0.32em" text-anchor="middle" font-size="${cell >= 28 ? 11 : 8}" style="fill:${t > 0.55 ? '#fff' : '#222'}">${esc(formatNumber(v, 3))}</text>`,
        );
      }
    });
  });
  spec.rowLabels.slice(0, rows).forEach((l, r) => {
    parts.push(
      `<text x="${left - 6}" y="${num(top + r * cell + cell / 2)}" dy="0.32em" text-anchor="end" class="tick">${esc(l)}</text>`,
    );
  });
  spec.colLabels.slice(0, cols).forEach((l, c) => {
    const x = num(left + c * cell + cell / 2);
    parts.push(
      `<text transform="translate(${x} ${top - 6}) rotate(-60)" text-anchor="start" class="tick">${esc(l)}</text>`,
    );
  });
  if (spec.rowAxis) {
    parts.push(
      `<text transform="translate(12 ${num(top + (rows * cell) / 2)}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(spec.rowAxis)}</text>`,
    );
  }
  if (spec.colAxis) {
    parts.push(
      `<text x="${num(left + (cols * cell) / 2)}" y="${H - 8}" text-anchor="middle" class="axis-label">${esc(spec.colAxis)}</text>`,
    );
  }
  // Colour key.
  const kx = left + cols * cell + 16;
  const kh = Math.max(40, rows * cell);
  for (let i = 0; i < 10; i++) {
    parts.push(
      `<rect x="${kx}" y="${num(top + kh - ((i + 1) * kh) / 10)}" width="12" height="${num(kh / 10)}" fill="${blues((i + 0.5) / 10)}"/>`,
    );
  }
  const hi = spec.normalizeRows ? '100%' : formatNumber(max, 3);
  const lo = spec.normalizeRows ? '0%' : formatNumber(min, 3);
  parts.push(
    `<text x="${kx + 16}" y="${top + 8}" class="tick">${esc(hi)}</text>`,
    `<text x="${kx + 16}" y="${top + kh}" class="tick">${esc(lo)}</text>`,
    '</svg>',
  );
  return parts.join('');
}
