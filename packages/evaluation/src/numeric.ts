import { describeValue, EvaluationError } from './errors.js';

/**
 * numpy's pairwise summation of a float64 block (`pairwise_sum_DOUBLE`): up to 7 values in order, up to 128
 * with eight interleaved accumulators, longer blocks split in two at a multiple of 8. Mirroring it keeps
 * means and averages bit-identical to numpy's in the common cases, not just close.
 */
function pairwiseBlock(a: ArrayLike<number>, from: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[from + i];
    return res;
  }
  if (n <= 128) {
    const r = [
      a[from],
      a[from + 1],
      a[from + 2],
      a[from + 3],
      a[from + 4],
      a[from + 5],
      a[from + 6],
      a[from + 7],
    ];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[from + i + j];
    }
    let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; i < n; i++) res += a[from + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseBlock(a, from, n2) + pairwiseBlock(a, from + n2, n - n2);
}

/** `np.sum` of a 1-D float64 array: a reduction starts from the first element and adds the rest pairwise. */
export function npSum(a: ArrayLike<number>): number {
  if (a.length === 0) return 0;
  return a[0] + pairwiseBlock(a, 1, a.length - 1);
}

/** `np.mean` of a 1-D float64 array (NaN for an empty one, as numpy gives with a warning). */
export function npMean(a: ArrayLike<number>): number {
  if (a.length === 0) return Number.NaN;
  return npSum(a) / a.length;
}

/** `np.average(a, weights=w)`: sum(a*w) / sum(w). */
export function npWeightedAverage(a: ArrayLike<number>, w: ArrayLike<number>): number {
  const prod = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) prod[i] = a[i] * w[i];
  return npSum(prod) / npSum(w);
}

/** Python's plain `sum()` of floats (sequential, as CPython <= 3.11 does and the official scripts ran on). */
export function pySum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

/** Compares strings by Unicode code point, as Python's `sorted` does (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0)!;
    const cy = y.value.codePointAt(0)!;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** A class label as the classification metrics accept it. */
export type Label = number | string;

/** Checks that two arrays are parallel and non-empty; `what` names them in the error. */
export function checkPair(
  predictions: ArrayLike<unknown>,
  labels: ArrayLike<unknown>,
  what: string,
  allowEmpty = false,
): void {
  if (predictions == null || typeof predictions !== 'object' || typeof predictions.length !== 'number') {
    throw new EvaluationError(
      'INVALID_INPUT',
      `${what}: predictions must be an array, found ${describeValue(predictions)}`,
    );
  }
  if (labels == null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new EvaluationError(
      'INVALID_INPUT',
      `${what}: labels must be an array, found ${describeValue(labels)}`,
    );
  }
  if (predictions.length !== labels.length) {
    throw new EvaluationError(
      'LENGTH_MISMATCH',
      `${what}: predictions and labels must have the same length, found ${predictions.length} predictions and ${labels.length} labels`,
    );
  }
  if (!allowEmpty && predictions.length === 0) {
    throw new EvaluationError('EMPTY_INPUT', `${what}: predictions and labels are empty`);
  }
}

/** Checks that every value is a finite number or a string, all of one kind (sklearn refuses mixes). */
export function checkLabels(
  values: ArrayLike<unknown>,
  name: string,
  what: string,
): 'number' | 'string' | null {
  let kind: 'number' | 'string' | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    let k: 'number' | 'string';
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        throw new EvaluationError(
          'INVALID_INPUT',
          `${what}: ${name}[${i}] is ${v}; class labels must be finite`,
        );
      }
      k = 'number';
    } else if (typeof v === 'string') {
      k = 'string';
    } else {
      throw new EvaluationError(
        'INVALID_INPUT',
        `${what}: ${name}[${i}] must be a number or a string class label, found ${describeValue(v)}`,
      );
    }
    if (kind === null) kind = k;
    else if (kind !== k) {
      throw new EvaluationError(
        'LABELS',
        `${what}: ${name} mixes numbers and strings (at index ${i}); use one kind of label`,
      );
    }
  }
  return kind;
}

/** Sorted distinct labels of both arrays (sklearn's `unique_labels`): numbers numerically, strings by code point. */
export function uniqueSortedLabels(a: ArrayLike<Label>, b: ArrayLike<Label>): Label[] {
  const set = new Set<Label>();
  for (let i = 0; i < a.length; i++) set.add(a[i]);
  for (let i = 0; i < b.length; i++) set.add(b[i]);
  const out = [...set];
  if (new Set(out.map((v) => typeof v)).size > 1) {
    throw new EvaluationError(
      'LABELS',
      'predictions and labels mix numbers and strings; use one kind of label',
    );
  }
  if (out.length > 0 && typeof out[0] === 'number') {
    // -0 and 0 are one label (Set uses SameValueZero), so plain numeric order is enough.
    (out as number[]).sort((x, y) => x - y);
  } else {
    (out as string[]).sort(compareCodePoints);
  }
  return out;
}

/** Checks that every value is a number (NaN allowed: correlations propagate it like scipy). */
export function checkNumbers(values: ArrayLike<unknown>, name: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (typeof values[i] !== 'number') {
      throw new EvaluationError(
        'INVALID_INPUT',
        `${what}: ${name}[${i}] must be a number, found ${describeValue(values[i])}`,
      );
    }
  }
}
