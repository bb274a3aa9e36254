import { describeValue, EvaluationError } from './errors.js';

// The SQuAD vocabulary is defined here, once, and @albert-ts/datasets imports it type-only (its
// `parseSquad` returns these types). Evaluation sits above datasets in the layer list, has no
// dependencies, and the layout is the one the official evaluation scripts read; so the arrow
// points datasets → evaluation, and only at types (nothing of evaluation is imported at run time).

/** One answer span of a SQuAD question: its text and where it starts in the paragraph's context. */
export interface SquadAnswer {
  text: string;
  answer_start: number;
}

/** One question of a SQuAD v1.1 / v2.0 file (`data[a].paragraphs[p].qas[q]`). */
export interface SquadQuestion {
  id: string;
  question: string;
  answers: SquadAnswer[];
  /** v2.0 only. */
  is_impossible?: boolean;
  /** v2.0 only: spans a reader could wrongly pick for an unanswerable question. */
  plausible_answers?: SquadAnswer[];
}

/** @deprecated The same type as {@link SquadQuestion}; use that name. */
export type SquadQa = SquadQuestion;

/** One paragraph of a SQuAD file: a context and its questions. */
export interface SquadParagraph {
  context: string;
  qas: SquadQuestion[];
}

/** One article of a SQuAD file (an entry of `data`): a title and its paragraphs. */
export interface SquadArticle {
  title: string;
  paragraphs: SquadParagraph[];
}

/** What scoring reads of an article: question ids and answer texts (the other fields may be absent). */
export type ScoredArticle = {
  readonly paragraphs: readonly {
    readonly qas: readonly (Pick<SquadQuestion, 'id'> & {
      readonly answers: readonly Pick<SquadAnswer, 'text'>[];
    })[];
  }[];
};

/**
 * A SQuAD v1.1/v2.0 file as parsed JSON (`{version, data}`), or its `data` array alone: a full
 * {@link SquadArticle} list (e.g. `parseSquad(...).data` from @albert-ts/datasets) or anything with
 * the ids and answer texts scoring reads.
 */
export type SquadDataset = { version?: string; data: readonly ScoredArticle[] } | readonly ScoredArticle[];

/** Predicted answer text per question id (the official prediction file), as an object or a Map. */
export type SquadPredictions = Readonly<Record<string, string>> | ReadonlyMap<string, string>;

/** A question reduced to what scoring needs: its id and gold answer texts, in file order. */
export interface SquadGold {
  id: string;
  answers: string[];
}

function fail(path: string, expected: string, found: unknown): never {
  throw new EvaluationError(
    'DATASET',
    `SQuAD dataset: ${path} must be ${expected}, found ${describeValue(found)}`,
  );
}

/** The questions of a SQuAD dataset in file order, with their gold answer texts; checks the structure. */
export function squadQuestions(dataset: SquadDataset): SquadGold[] {
  let articles: unknown = dataset;
  let root = '';
  if (!Array.isArray(dataset)) {
    if (dataset === null || typeof dataset !== 'object')
      fail('the dataset', 'an object with "data" or an array', dataset);
    articles = (dataset as { data: unknown }).data;
    root = 'data';
    if (!Array.isArray(articles)) fail('data', 'an array of articles', articles);
  }
  const out: SquadGold[] = [];
  (articles as unknown[]).forEach((article, a) => {
    const ap = `${root}[${a}]`;
    const paragraphs = (article as { paragraphs?: unknown } | null)?.paragraphs;
    if (!Array.isArray(paragraphs)) fail(`${ap}.paragraphs`, 'an array', paragraphs);
    paragraphs.forEach((paragraph, p) => {
      const pp = `${ap}.paragraphs[${p}]`;
      const qas = (paragraph as { qas?: unknown } | null)?.qas;
      if (!Array.isArray(qas)) fail(`${pp}.qas`, 'an array', qas);
      qas.forEach((qa, q) => {
        const qp = `${pp}.qas[${q}]`;
        const id = (qa as { id?: unknown } | null)?.id;
        if (typeof id !== 'string') fail(`${qp}.id`, 'a string', id);
        const answers = (qa as { answers?: unknown }).answers;
        if (!Array.isArray(answers)) fail(`${qp}.answers`, 'an array', answers);
        const texts = answers.map((ans, k) => {
          const text = (ans as { text?: unknown } | null)?.text;
          if (typeof text !== 'string') fail(`${qp}.answers[${k}].text`, 'a string', text);
          return text;
        });
        out.push({ id, answers: texts });
      });
    });
  });
  return out;
}

/** Reads predictions (object or Map) as a Map, checking that every value is a string. */
export function predictionMap(predictions: SquadPredictions): Map<string, string> {
  const entries =
    predictions instanceof Map
      ? [...predictions.entries()]
      : predictions !== null && typeof predictions === 'object'
        ? Object.entries(predictions)
        : null;
  if (entries === null) {
    throw new EvaluationError(
      'INVALID_INPUT',
      `SQuAD predictions must be an object or Map of id → answer text, found ${describeValue(predictions)}`,
    );
  }
  const map = new Map<string, string>();
  for (const [id, text] of entries) {
    if (typeof text !== 'string') {
      throw new EvaluationError(
        'INVALID_INPUT',
        `SQuAD predictions: the answer for ${JSON.stringify(id)} must be a string, found ${describeValue(text)}`,
      );
    }
    map.set(id, text);
  }
  return map;
}
