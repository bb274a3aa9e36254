import { describeValue, EvaluationError } from './errors.js';

/** One window (feature) of a long context, as a question-answering model saw it. */
export interface QaWindow {
  /** Start logit per token of the window. */
  startLogits: ArrayLike<number>;
  /** End logit per token of the window. */
  endLogits: ArrayLike<number>;
  /**
   * Character span `[start, end)` of each token in the context, or null for tokens that are not context
   * (special tokens, question tokens, padding) — e.g. the tokenizer's offsets with the question's set to null.
   */
  offsets: ReadonlyArray<readonly [number, number] | null | undefined>;
  /**
   * Optional mask of context tokens (truthy = context), e.g. `tokenTypeIds` of a question/context pair.
   * When given, a token outside it is never part of an answer even if it has offsets.
   */
  contextMask?: ArrayLike<number | boolean>;
  /** Added to every offset: where this window's offsets start in the context (default 0). */
  charOffset?: number;
  /** The token whose logits score "no answer" ([CLS]); default 0. It is never part of a span. */
  clsIndex?: number;
}

/**
 * Options of `postprocessQa`, HF `run_qa`'s `n_best_size`, `max_answer_length`,
 * `version_2_with_negative` and `null_score_diff_threshold`.
 */
export interface QaPostprocessOptions {
  /** How many best spans to keep (default 20). */
  nBest?: number;
  /** Longest answer in tokens (default 30). */
  maxAnswerLength?: number;
  /** SQuAD v2: answer "" when the null score beats the best span by more than `nullThreshold`. */
  allowNull?: boolean;
  /** Default 0: predict no answer when `nullScore − bestSpanScore > nullThreshold`. */
  nullThreshold?: number;
}

/** A candidate answer span. */
export interface QaSpan {
  /** `context.slice(start, end)`. */
  text: string;
  /** Character offsets in the context, end exclusive. */
  start: number;
  end: number;
  /** startLogit + endLogit. */
  score: number;
  startLogit: number;
  endLogit: number;
  /** Which window the span was found in, and its token positions there. */
  window: number;
  startToken: number;
  endToken: number;
  /** Softmax of the n-best scores (and, with allowNull, the null score). */
  probability: number;
}

/**
 * The answer `postprocessQa` picks for one example, with its n-best spans and SQuAD v2's null
 * score.
 */
export interface QaPrediction {
  /** The answer: the best span's text, or "" (no answer, or no valid span at all). */
  text: string;
  /** True when the answer is "" because no answer was chosen or possible. */
  isNull: boolean;
  /** Best valid spans, best first, one per distinct character span. */
  nBest: QaSpan[];
  /** Minimum over windows of startLogits[cls] + endLogits[cls] (as HF run_qa). */
  nullScore: number;
  /** nullScore − best span score (+Infinity when there is no valid span): what SQuAD v2's threshold sees. */
  scoreDiff: number;
  /** With allowNull: the null answer's share of the softmax over n-best + null. */
  nullProbability?: number;
}

function bad(message: string): never {
  throw new EvaluationError('INVALID_INPUT', `postprocessQa: ${message}`);
}

interface Candidate {
  start: number;
  end: number;
  score: number;
  startLogit: number;
  endLogit: number;
  window: number;
  startToken: number;
  endToken: number;
}

/** Inserts into a best-first list of at most `k`, keeping one entry per character span. */
function offer(top: Candidate[], c: Candidate, k: number): void {
  if (top.length === k && c.score <= top[k - 1].score) return;
  const same = top.findIndex((t) => t.start === c.start && t.end === c.end);
  if (same >= 0) {
    if (top[same].score >= c.score) return;
    top.splice(same, 1);
  }
  let pos = top.length;
  while (pos > 0 && top[pos - 1].score < c.score) pos--;
  top.splice(pos, 0, c);
  if (top.length > k) top.length = k;
}

function checkWindow(w: QaWindow, wi: number, contextLength: number): void {
  if (w === null || typeof w !== 'object') bad(`windows[${wi}] must be an object, found ${describeValue(w)}`);
  for (const key of ['startLogits', 'endLogits', 'offsets'] as const) {
    const v = w[key] as ArrayLike<unknown> | undefined;
    if (v == null || typeof v !== 'object' || typeof v.length !== 'number') {
      bad(`windows[${wi}].${key} must be an array, found ${describeValue(v)}`);
    }
  }
  if (w.startLogits.length !== w.endLogits.length) {
    throw new EvaluationError(
      'LENGTH_MISMATCH',
      `postprocessQa: windows[${wi}] has ${w.startLogits.length} start logits but ${w.endLogits.length} end logits`,
    );
  }
  for (let i = 0; i < w.startLogits.length; i++) {
    if (typeof w.startLogits[i] !== 'number' || Number.isNaN(w.startLogits[i])) {
      bad(`windows[${wi}].startLogits[${i}] must be a number, found ${describeValue(w.startLogits[i])}`);
    }
    if (typeof w.endLogits[i] !== 'number' || Number.isNaN(w.endLogits[i])) {
      bad(`windows[${wi}].endLogits[${i}] must be a number, found ${describeValue(w.endLogits[i])}`);
    }
  }
  const shift = w.charOffset ?? 0;
  if (!Number.isInteger(shift) || shift < 0)
    bad(`windows[${wi}].charOffset must be an integer >= 0, found ${describeValue(shift)}`);
  w.offsets.forEach((o, i) => {
    if (o == null) return;
    if (
      !Array.isArray(o) ||
      o.length < 2 ||
      !Number.isInteger(o[0]) ||
      !Number.isInteger(o[1]) ||
      o[0] < 0 ||
      o[1] < o[0] ||
      o[1] + shift > contextLength
    ) {
      bad(
        `windows[${wi}].offsets[${i}] must be null or [start, end] with 0 <= start <= end <= ${contextLength - shift} (the context has ${contextLength} characters), found ${Array.isArray(o) ? JSON.stringify(o) : describeValue(o)}`,
      );
    }
  });
}

/**
 * Turns start/end logits over the windows of one context into the n-best answer spans and the answer.
 * A span is valid when both ends are context tokens with offsets (and in `contextMask` if given, and not
 * the [CLS] token), end >= start, it has at most `maxAnswerLength` tokens and covers at least one character
 * (so zero-width offsets such as the tokenizer's `[0, 0]` for [SEP] never end an answer). Unlike HF's
 * run_qa (which only pairs the top-n starts with the top-n ends) every valid span is considered, so the
 * first n-best span is the true maximum of startLogit + endLogit. Spans are mapped back to characters of
 * the original context through the offsets; the same character span found in two windows keeps its best
 * score.
 */
export function postprocessQa(
  context: string,
  windows: readonly QaWindow[],
  options: QaPostprocessOptions = {},
): QaPrediction {
  if (typeof context !== 'string') bad(`context must be a string, found ${describeValue(context)}`);
  if (!Array.isArray(windows) || windows.length === 0)
    bad(`windows must be a non-empty array, found ${describeValue(windows)}`);
  const nBest = options.nBest ?? 20;
  const maxLen = options.maxAnswerLength ?? 30;
  const threshold = options.nullThreshold ?? 0;
  if (!Number.isInteger(nBest) || nBest < 1)
    bad(`nBest must be an integer >= 1, found ${describeValue(nBest)}`);
  if (!Number.isInteger(maxLen) || maxLen < 1)
    bad(`maxAnswerLength must be an integer >= 1, found ${describeValue(maxLen)}`);
  if (typeof threshold !== 'number' || Number.isNaN(threshold))
    bad(`nullThreshold must be a number, found ${describeValue(threshold)}`);

  let nullScore = Number.POSITIVE_INFINITY;
  const top: Candidate[] = [];
  windows.forEach((w, wi) => {
    checkWindow(w, wi, context.length);
    const cls = w.clsIndex ?? 0;
    if (!Number.isInteger(cls) || cls < 0 || cls >= w.startLogits.length) {
      bad(`windows[${wi}].clsIndex ${describeValue(cls)} is outside its ${w.startLogits.length} logits`);
    }
    nullScore = Math.min(nullScore, w.startLogits[cls] + w.endLogits[cls]);
    const shift = w.charOffset ?? 0;
    const n = Math.min(
      w.startLogits.length,
      w.offsets.length,
      w.contextMask ? w.contextMask.length : Infinity,
    );
    const ok = (i: number) =>
      i !== cls && w.offsets[i] != null && (!w.contextMask || Boolean(w.contextMask[i]));
    for (let s = 0; s < n; s++) {
      if (!ok(s)) continue;
      const cs = w.offsets[s]![0] + shift;
      const last = Math.min(n - 1, s + maxLen - 1);
      for (let e = s; e <= last; e++) {
        if (!ok(e)) continue;
        const ce = w.offsets[e]![1] + shift;
        if (ce <= cs) continue;
        const score = w.startLogits[s] + w.endLogits[e];
        if (top.length === nBest && score <= top[nBest - 1].score) continue;
        offer(
          top,
          {
            start: cs,
            end: ce,
            score,
            startLogit: w.startLogits[s],
            endLogit: w.endLogits[e],
            window: wi,
            startToken: s,
            endToken: e,
          },
          nBest,
        );
      }
    }
  });

  const allowNull = options.allowNull ?? false;
  const scores = top.map((c) => c.score);
  if (allowNull) scores.push(nullScore);
  const maxScore = scores.length > 0 ? Math.max(...scores) : 0;
  const exps = scores.map((s) => Math.exp(s - maxScore));
  const z = exps.reduce((a, b) => a + b, 0);
  const spans: QaSpan[] = top.map((c, i) => ({
    text: context.slice(c.start, c.end),
    ...c,
    probability: exps[i] / z,
  }));
  const best = spans[0];
  const scoreDiff = best ? nullScore - best.startLogit - best.endLogit : Number.POSITIVE_INFINITY;
  const isNull = !best || (allowNull && scoreDiff > threshold);
  const out: QaPrediction = { text: isNull ? '' : best.text, isNull, nBest: spans, nullScore, scoreDiff };
  if (allowNull) out.nullProbability = exps[exps.length - 1] / z;
  return out;
}

/** One example for `postprocessQaBatch`. */
export interface QaExample {
  id: string;
  context: string;
  windows: readonly QaWindow[];
}

/**
 * `postprocessQa` over many examples, returning what the SQuAD scorers take: `predictions` (id → text)
 * and `scoreDiffs` (id → null score − best span score), usable as `squadV2`'s `naProbs` to search the best
 * threshold, as HF run_qa's null-odds file.
 */
export function postprocessQaBatch(
  examples: readonly QaExample[],
  options: QaPostprocessOptions = {},
): {
  predictions: Record<string, string>;
  scoreDiffs: Record<string, number>;
  details: Record<string, QaPrediction>;
} {
  const predictions: Record<string, string> = {};
  const scoreDiffs: Record<string, number> = {};
  const details: Record<string, QaPrediction> = {};
  for (const ex of examples) {
    const p = postprocessQa(ex.context, ex.windows, options);
    predictions[ex.id] = p.text;
    scoreDiffs[ex.id] = p.scoreDiff;
    details[ex.id] = p;
  }
  return { predictions, scoreDiffs, details };
}
