import { EvaluationError } from './errors.js';
import { checkNumbers, checkPair, npMean } from './numeric.js';

function isConstant(a: ArrayLike<number>): boolean {
  for (let i = 1; i < a.length; i++) if (!(a[i] === a[0])) return false;
  return true;
}

function hasNaN(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (Number.isNaN(a[i])) return true;
  return false;
}

/** Euclidean norm that neither overflows nor underflows (BLAS nrm2's scaled sum of squares). */
function norm2(a: ArrayLike<number>): number {
  let scale = 0;
  let ssq = 1;
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    if (v !== 0) {
      const av = Math.abs(v);
      if (scale < av) {
        ssq = 1 + ssq * (scale / av) ** 2;
        scale = av;
      } else {
        ssq += (av / scale) ** 2;
      }
    }
  }
  return scale * Math.sqrt(ssq);
}

/**
 * Pearson's r as `scipy.stats.pearsonr` (1.10): NaN when either input is constant (scipy warns and returns
 * NaN) or holds NaN; exact ±1 for two points; otherwise dot(xm/‖xm‖, ym/‖ym‖) clipped to [-1, 1].
 * Throws for fewer than 2 points, as scipy does.
 */
export function pearson(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPair(predictions, labels, 'pearson', true);
  checkNumbers(predictions, 'predictions', 'pearson');
  checkNumbers(labels, 'labels', 'pearson');
  const n = predictions.length;
  if (n < 2) throw new EvaluationError('EMPTY_INPUT', `pearson: needs at least 2 points, found ${n}`);
  const x = predictions;
  const y = labels;
  if (isConstant(x) || isConstant(y)) return Number.NaN;
  if (hasNaN(x) || hasNaN(y)) return Number.NaN;
  if (n === 2) return Math.sign(x[1] - x[0]) * Math.sign(y[1] - y[0]);
  const xmean = npMean(x);
  const ymean = npMean(y);
  const xm = new Float64Array(n);
  const ym = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xm[i] = x[i] - xmean;
    ym[i] = y[i] - ymean;
  }
  const nx = norm2(xm);
  const ny = norm2(ym);
  let r = 0;
  for (let i = 0; i < n; i++) r += (xm[i] / nx) * (ym[i] / ny);
  return Math.max(Math.min(r, 1), -1);
}

/** `scipy.stats.rankdata(a, method='average')`: 1-based ranks, ties get the mean of their ranks. */
export function rankAverage(a: ArrayLike<number>): Float64Array {
  const n = a.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[i] - a[j] || i - j);
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && a[order[end]] === a[order[start]]) end++;
    // positions start..end-1 (0-based) hold one value: ranks start+1..end, mean = (start + 1 + end) / 2
    const r = 0.5 * (start + end + 1);
    for (let k = start; k < end; k++) ranks[order[k]] = r;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's rho as `scipy.stats.spearmanr` (1.10): average ranks for ties, then the Pearson correlation
 * of the ranks computed like `np.corrcoef`. NaN for fewer than 2 points, a constant input or any NaN.
 */
export function spearman(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPair(predictions, labels, 'spearman', true);
  checkNumbers(predictions, 'predictions', 'spearman');
  checkNumbers(labels, 'labels', 'spearman');
  const n = predictions.length;
  if (n <= 1) return Number.NaN;
  if (isConstant(predictions) || isConstant(labels)) return Number.NaN;
  if (hasNaN(predictions) || hasNaN(labels)) return Number.NaN;
  const a = rankAverage(predictions);
  const b = rankAverage(labels);
  const ma = npMean(a);
  const mb = npMean(b);
  let saa = 0;
  let sbb = 0;
  let sab = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    saa += da * da;
    sbb += db * db;
    sab += da * db;
  }
  // np.corrcoef: c = X·Xᵀ/(n−1); c[1,0] is divided by stddev[1] and then by stddev[0].
  const c = sab / (n - 1);
  const r = c / Math.sqrt(sbb / (n - 1)) / Math.sqrt(saa / (n - 1));
  return Math.max(Math.min(r, 1), -1);
}
