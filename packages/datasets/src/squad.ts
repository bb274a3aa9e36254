import type { SquadAnswer, SquadArticle, SquadParagraph, SquadQuestion } from '@albert-ts/evaluation';
import { DatasetError, describeFound } from './errors.js';
import type { BadRowOptions, ReadStats } from './record-stream.js';

// The nested SQuAD layout, as the official evaluation scripts read it (`dataset_json['data']`), is
// @albert-ts/evaluation's (type-only): `parseSquad(...).data` goes straight into `squadV1`/`squadV2`.
export type { SquadAnswer, SquadArticle, SquadParagraph, SquadQuestion };

/** One question with its context, as Hugging Face's `squad` / `squad_v2` datasets flatten it. */
export interface SquadExample {
  id: string;
  title: string;
  question: string;
  context: string;
  answers: { text: string[]; answerStart: number[] };
  /** `true` only for v2.0 questions marked `is_impossible`. */
  isImpossible: boolean;
}

/**
 * What `parseSquad` read: counts of articles, paragraphs, questions and unanswerable (v2.0)
 * questions.
 */
export interface SquadStats extends ReadStats {
  articles: number;
  paragraphs: number;
  questions: number;
  impossible: number;
  /** Answers whose `context.slice(answer_start, answer_start + text.length)` differs from `text` (kept, not fixed). */
  misalignedAnswers: number;
}

/**
 * What `parseSquad` returns: the nested dataset (for the metrics), the flat examples (for training)
 * and the counts.
 */
export interface SquadParseResult {
  /** `version` field of the file (`"1.1"`, `"v2.0"`), or `""` when absent. */
  version: string;
  /** The nested dataset (the `data` array) with only valid questions: pass it to the official-style metrics. */
  data: SquadArticle[];
  /** Flat examples in file order. */
  examples: SquadExample[];
  stats: SquadStats;
}

/** Options of `parseSquad` / `readSquad`: a file name for messages and the bad-row policy. */
export interface SquadOptions extends BadRowOptions {
  /** Name for error messages. */
  file?: string;
}

/**
 * Parses a SQuAD v1.1 / v2.0 file (its text or its parsed JSON). A question with a missing or
 * ill-typed field is a malformed row (`data[a].paragraphs[p].qas[q]…` in the error); a broken
 * article or paragraph structure always throws.
 */
export function parseSquad(input: string | unknown, options: SquadOptions = {}): SquadParseResult {
  const file = options.file;
  const skip = (options.onBadRow ?? 'throw') === 'skip';
  const keep = options.keepErrors ?? 100;
  let root: unknown = input;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(input);
    } catch (cause) {
      throw new DatasetError('BAD_JSON', `invalid JSON: ${(cause as Error).message}`, { file, cause });
    }
  }
  const fail = (path: string, what: string, found: unknown): DatasetError =>
    new DatasetError('BAD_STRUCTURE', `expected ${what}, found ${describeFound(found)}`, { file, path });
  if (!isObject(root) || !Array.isArray(root.data)) throw fail('data', 'an object with a "data" array', root);
  const stats: SquadStats = {
    records: 0,
    skipped: 0,
    errors: [],
    articles: 0,
    paragraphs: 0,
    questions: 0,
    impossible: 0,
    misalignedAnswers: 0,
  };
  const data: SquadArticle[] = [];
  const examples: SquadExample[] = [];
  const ids = new Set<string>();
  root.data.forEach((article: unknown, a: number) => {
    const ap = `data[${a}]`;
    if (!isObject(article) || !Array.isArray(article.paragraphs)) {
      throw fail(`${ap}.paragraphs`, 'an article with a "paragraphs" array', article);
    }
    const title = article.title === undefined ? '' : article.title;
    if (typeof title !== 'string') throw fail(`${ap}.title`, 'a string', title);
    const outArticle: SquadArticle = { title, paragraphs: [] };
    article.paragraphs.forEach((paragraph: unknown, p: number) => {
      const pp = `${ap}.paragraphs[${p}]`;
      if (!isObject(paragraph)) throw fail(pp, 'a paragraph object', paragraph);
      if (typeof paragraph.context !== 'string') throw fail(`${pp}.context`, 'a string', paragraph.context);
      if (!Array.isArray(paragraph.qas)) throw fail(`${pp}.qas`, 'an array', paragraph.qas);
      const context = paragraph.context;
      const outParagraph: SquadParagraph = { context, qas: [] };
      paragraph.qas.forEach((qa: unknown, q: number) => {
        const qp = `${pp}.qas[${q}]`;
        let question: SquadQuestion;
        try {
          question = checkQuestion(qa, qp, context, ids, fail, stats);
        } catch (error) {
          if (!(error instanceof DatasetError) || !skip) throw error;
          stats.skipped++;
          if (stats.errors.length < keep) stats.errors.push(error);
          return;
        }
        ids.add(question.id);
        outParagraph.qas.push(question);
        stats.questions++;
        if (question.is_impossible) stats.impossible++;
        examples.push({
          id: question.id,
          title,
          question: question.question,
          context,
          answers: {
            text: question.answers.map((x) => x.text),
            answerStart: question.answers.map((x) => x.answer_start),
          },
          isImpossible: question.is_impossible === true,
        });
      });
      outArticle.paragraphs.push(outParagraph);
      stats.paragraphs++;
    });
    data.push(outArticle);
    stats.articles++;
  });
  stats.records = examples.length;
  const version = isObject(root) && typeof root.version === 'string' ? root.version : '';
  return { version, data, examples, stats };
}

function checkQuestion(
  qa: unknown,
  qp: string,
  context: string,
  ids: Set<string>,
  fail: (path: string, what: string, found: unknown) => DatasetError,
  stats: SquadStats,
): SquadQuestion {
  if (!isObject(qa)) throw fail(qp, 'a question object', qa);
  if (typeof qa.id !== 'string' || qa.id.length === 0) throw fail(`${qp}.id`, 'a non-empty string', qa.id);
  if (ids.has(qa.id)) {
    throw new DatasetError('DUPLICATE_ID', `question id ${JSON.stringify(qa.id)} appears twice`, {
      path: `${qp}.id`,
    });
  }
  if (typeof qa.question !== 'string') throw fail(`${qp}.question`, 'a string', qa.question);
  if (qa.is_impossible !== undefined && typeof qa.is_impossible !== 'boolean') {
    throw fail(`${qp}.is_impossible`, 'a boolean', qa.is_impossible);
  }
  const answers = checkAnswers(qa.answers, `${qp}.answers`, context, fail, stats);
  const out: SquadQuestion = { id: qa.id, question: qa.question, answers };
  if (qa.is_impossible !== undefined) out.is_impossible = qa.is_impossible;
  if (qa.plausible_answers !== undefined) {
    out.plausible_answers = checkAnswers(
      qa.plausible_answers,
      `${qp}.plausible_answers`,
      context,
      fail,
      stats,
    );
  }
  if (out.is_impossible && answers.length > 0) {
    throw fail(`${qp}.answers`, 'no answers for an is_impossible question', qa.answers);
  }
  return out;
}

function checkAnswers(
  value: unknown,
  path: string,
  context: string,
  fail: (path: string, what: string, found: unknown) => DatasetError,
  stats: SquadStats,
): SquadAnswer[] {
  if (!Array.isArray(value)) throw fail(path, 'an array of answers', value);
  return value.map((answer: unknown, i: number) => {
    const ap = `${path}[${i}]`;
    if (!isObject(answer)) throw fail(ap, 'an answer object', answer);
    if (typeof answer.text !== 'string') throw fail(`${ap}.text`, 'a string', answer.text);
    const start = answer.answer_start;
    if (typeof start !== 'number' || !Number.isInteger(start) || start < 0 || start > context.length) {
      throw fail(`${ap}.answer_start`, `an integer in [0, ${context.length}]`, start);
    }
    if (context.slice(start, start + answer.text.length) !== answer.text) stats.misalignedAnswers++;
    return { text: answer.text, answer_start: start };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
