// The level names are @albert-ts/evaluation's (type-only), as `raceMetrics` scores them.
import type { RaceLevel } from '@albert-ts/evaluation';
import { DatasetError, excerpt } from './errors.js';
import type { BadRowOptions, RejectRow } from './record-stream.js';

export type { RaceLevel };
/** The two RACE levels (middle-school and high-school exams), in the release's folder order. */
export const RACE_LEVELS: readonly RaceLevel[] = ['middle', 'high'];
/** The splits of the RACE release, in folder order. */
export const RACE_SPLITS = ['train', 'dev', 'test'] as const;
/** A split of the RACE release (`train`, `dev` or `test`). */
export type RaceSplit = (typeof RACE_SPLITS)[number];

/** One RACE question with its four options, as Hugging Face's `race` dataset has it plus the level. */
export interface RaceExample {
  /** `${exampleId}-${questionIndex}`: unique within a split. */
  id: string;
  /** The file's `id` field (e.g. `high10024.txt`), or its file name when absent. */
  exampleId: string;
  questionIndex: number;
  level: RaceLevel;
  split?: RaceSplit;
  article: string;
  question: string;
  /** The four options, A to D. */
  options: string[];
  /** Correct option letter (`'A'`…`'D'`). */
  answer: string;
  /** Correct option index, 0…3. */
  label: number;
}

/**
 * Options of `parseRaceFile`: the file's level and split (which the JSON does not record), and a
 * file name.
 */
export interface RaceFileOptions extends BadRowOptions {
  level: RaceLevel;
  split?: RaceSplit;
  /** File name for `exampleId` (when the JSON has no `id`) and for error messages. */
  file?: string;
}

const LETTERS = ['A', 'B', 'C', 'D'];

/**
 * Parses one RACE file (`{article, questions[], options[][], answers[], id}`) into one example per
 * question. A question whose options or answer are malformed is a malformed row; a file without
 * an article or with arrays of different lengths always throws.
 */
export function parseRaceFile(
  input: string | unknown,
  options: RaceFileOptions,
  reject?: RejectRow,
): RaceExample[] {
  const { level, split, file } = options;
  if (level !== 'middle' && level !== 'high') {
    throw new DatasetError(
      'INVALID_OPTION',
      `RACE level must be 'middle' or 'high', found ${excerpt(level)}`,
      {
        file,
      },
    );
  }
  let root: unknown = input;
  if (typeof input === 'string') {
    try {
      root = JSON.parse(input);
    } catch (cause) {
      throw new DatasetError('BAD_JSON', `invalid JSON: ${(cause as Error).message}`, { file, cause });
    }
  }
  const fail = (path: string, what: string, found: unknown) =>
    new DatasetError('BAD_STRUCTURE', `expected ${what}, found ${excerpt(found)}`, { file, path });
  if (root === null || typeof root !== 'object' || Array.isArray(root)) throw fail('', 'a JSON object', root);
  const r = root as Record<string, unknown>;
  if (typeof r.article !== 'string') throw fail('article', 'a string', r.article);
  for (const key of ['questions', 'options', 'answers']) {
    if (!Array.isArray(r[key])) throw fail(key, 'an array', r[key]);
  }
  const questions = r.questions as unknown[];
  const opts = r.options as unknown[];
  const answers = r.answers as unknown[];
  if (opts.length !== questions.length || answers.length !== questions.length) {
    throw fail(
      'questions',
      'as many options and answers as questions',
      `${questions.length} questions, ${opts.length} option lists, ${answers.length} answers`,
    );
  }
  const exampleId =
    typeof r.id === 'string' && r.id.length > 0 ? r.id : (file?.split(/[\\/]/).pop() ?? `${level}-unknown`);
  const out: RaceExample[] = [];
  const rejectRow: RejectRow =
    reject ??
    ((error) => {
      if ((options.onBadRow ?? 'throw') === 'throw') throw error;
    });
  for (let q = 0; q < questions.length; q++) {
    const question = questions[q];
    const choices = opts[q];
    const answer = answers[q];
    if (typeof question !== 'string') {
      rejectRow(fail(`questions[${q}]`, 'a string', question));
      continue;
    }
    if (!Array.isArray(choices) || choices.length !== 4 || !choices.every((c) => typeof c === 'string')) {
      rejectRow(fail(`options[${q}]`, 'four option strings', choices));
      continue;
    }
    const label = typeof answer === 'string' ? LETTERS.indexOf(answer.trim()) : -1;
    if (label === -1) {
      rejectRow(
        new DatasetError('BAD_LABEL', `expected one of A/B/C/D, found ${excerpt(answer)}`, {
          file,
          path: `answers[${q}]`,
        }),
      );
      continue;
    }
    const example: RaceExample = {
      id: `${exampleId}-${q}`,
      exampleId,
      questionIndex: q,
      level,
      article: r.article,
      question,
      options: choices as string[],
      answer: LETTERS[label],
      label,
    };
    if (split) example.split = split;
    out.push(example);
  }
  return out;
}
