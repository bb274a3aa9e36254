import { esc, formatNumber, niceTicks, num, PALETTE } from './svg.js';

export interface Series {
  name: string;
  /** [x, y] points; non-finite y values break the line. */
  points: Array<[number, number]>;
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  width?: number;
  height?: number;
  /** Logarithmic y axis (all y must be > 0; others are dropped). */
  logY?: boolean;
  /** At most this many points drawn per series (evenly thinned, last point kept). */
  maxPoints?: number;
}

function thin(points: Array<[number, number]>, max: number): Array<[number, number]> {
  if (points.length <= max) return points;
  const step = points.length / max;
  const out: Array<[number, number]> = [];
  for (let i = 0; i < max; i++) out.push(points[Math.floor(i * step)]!);
  out.push(points[points.length - 1]!);
  return out;
}

/** A line chart as a standalone `<svg>` element: axes, ticks, one path per series, a legend. */
export function lineChartSvg(spec: LineChartSpec): string {
  const W = spec.width ?? 520;
  const H = spec.height ?? 286;
  // The legend is a row between the title and the plot, so it never covers a line.
  const m = { l: 64, r: 16, t: 46, b: 44 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const ty = (y: number) => (spec.logY ? Math.log10(y) : y);
  const series = spec.series.map((s) => ({
    name: s.name,
    points: thin(
      s.points.filter(([x, y]) => Number.isFinite(x) && (!spec.logY || y > 0)),
      spec.maxPoints ?? 1500,
    ),
  }));
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]).filter(Number.isFinite)).map(ty);
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart line-chart" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" class="chart-title">${esc(spec.title)}</text>`,
  );
  if (xs.length === 0 || ys.length === 0) {
    parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" class="empty">no data</text></svg>`);
    return parts.join('');
  }
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const sx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * pw;
  const sy = (y: number) => m.t + ph - ((ty(y) - y0) / (y1 - y0)) * ph;
  // Axes and grid.
  parts.push(`<g class="axis">`);
  for (const t of niceTicks(x0, x1, 6)) {
    const x = num(sx(t));
    parts.push(
      `<line x1="${x}" y1="${m.t + ph}" x2="${x}" y2="${m.t + ph + 4}" stroke="#555"/>`,
      `<text x="${x}" y="${m.t + ph + 16}" text-anchor="middle">${esc(formatNumber(t))}</text>`,
    );
  }
  const yTicks = spec.logY
    ? niceTicks(y0, y1, 4)
        .filter((t) => Number.isInteger(t))
        .map((t) => 10 ** t)
    : niceTicks(y0, y1, 5);
  for (const t of yTicks) {
    const y = num(sy(t));
    parts.push(
      `<line x1="${m.l}" y1="${y}" x2="${m.l + pw}" y2="${y}" stroke="#e5e5e5"/>`,
      `<text x="${m.l - 6}" y="${y}" dy="0.32em" text-anchor="end">${esc(formatNumber(t, 3))}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.l}" y1="${m.t + ph}" x2="${m.l + pw}" y2="${m.t + ph}" stroke="#555"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${m.t + ph}" stroke="#555"/>`,
    `<text x="${m.l + pw / 2}" y="${H - 8}" text-anchor="middle" class="axis-label">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(14 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(spec.yLabel)}</text>`,
    `</g>`,
  );
  // Lines.
  series.forEach((s, i) => {
    let d = '';
    let pen = false;
    for (const [x, y] of s.points) {
      if (!Number.isFinite(y)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${num(sx(x))},${num(sy(y))}`;
      pen = true;
    }
    const colour = PALETTE[i % PALETTE.length];
    parts.push(
      `<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${colour}" stroke-width="1.6"/>`,
    );
    // Short series (evaluations) also get point markers, so a single point is visible.
    if (s.points.length <= 40) {
      for (const [x, y] of s.points) {
        if (Number.isFinite(y)) {
          parts.push(
            `<circle class="marker" cx="${num(sx(x))}" cy="${num(sy(y))}" r="2.5" fill="${colour}"/>`,
          );
        }
      }
    }
  });
  // Legend: one row under the title; item width estimated from the name (about 7 px a character).
  let lx = m.l;
  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    parts.push(
      `<g class="legend"><rect x="${lx}" y="30" width="12" height="3" fill="${colour}"/>`,
      `<text x="${lx + 16}" y="36" dy="-0.1em">${esc(s.name)}</text></g>`,
    );
    lx += 16 + 7 * s.name.length + 14;
  });
  parts.push('</svg>');
  return parts.join('');
}
