const SVG = 'http://www.w3.org/2000/svg';

export interface HeatmapData {
  title: string;
  rowLabels: string[];
  colLabels: string[];
  /** `values[r][c]`, finite; colour runs from 0 (white) to the largest value (dark blue). */
  values: number[][];
}

function node<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/** White → #1f4fa8 for t in [0, 1]. */
export function colour(t: number): string {
  const u = Math.max(0, Math.min(1, Number.isFinite(t) ? t : 0));
  const mix = (a: number, b: number) => Math.round(a + (b - a) * u);
  return `rgb(${mix(255, 31)},${mix(255, 79)},${mix(255, 168)})`;
}

/** A heat map as an SVG element: one `rect.cell` per value, labels on both axes, a tooltip per cell. */
export function heatmap(data: HeatmapData, cell = 22): SVGSVGElement {
  const rows = data.values.length;
  const cols = data.colLabels.length;
  const left = 8 + 7 * Math.max(0, ...data.rowLabels.map((l) => l.length));
  const top = 8 + 6.5 * Math.max(0, ...data.colLabels.map((l) => l.length));
  const width = left + cols * cell + 8;
  const height = top + rows * cell + 26;
  const max = Math.max(1e-12, ...data.values.flat().filter(Number.isFinite));
  const svg = node('svg', {
    class: 'heatmap',
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: 'img',
  });
  svg.append(node('title', {}, data.title));
  data.colLabels.forEach((label, c) => {
    const x = left + c * cell + cell / 2;
    svg.append(
      node('text', { class: 'col-label', x, y: top - 4, transform: `rotate(-60 ${x} ${top - 4})` }, label),
    );
  });
  data.values.forEach((row, r) => {
    const y = top + r * cell;
    svg.append(
      node(
        'text',
        { class: 'row-label', x: left - 6, y: y + cell * 0.65, 'text-anchor': 'end' },
        data.rowLabels[r],
      ),
    );
    row.forEach((v, c) => {
      const rect = node('rect', {
        class: 'cell',
        x: left + c * cell,
        y,
        width: cell - 1,
        height: cell - 1,
        fill: colour(v / max),
        'data-value': v,
      });
      rect.append(node('title', {}, `${data.rowLabels[r]} → ${data.colLabels[c]}: ${v.toFixed(4)}`));
      svg.append(rect);
    });
  });
  // The scale runs to this map's maximum (attention of an untrained model is nearly uniform).
  svg.append(
    node('rect', {
      class: 'legend',
      x: left,
      y: height - 14,
      width: 10,
      height: 10,
      fill: colour(0),
      stroke: '#bbb',
    }),
    node('text', { x: left + 14, y: height - 5 }, '0'),
    node('rect', { class: 'legend', x: left + 34, y: height - 14, width: 10, height: 10, fill: colour(1) }),
    node('text', { x: left + 48, y: height - 5 }, max.toFixed(4)),
  );
  return svg;
}
