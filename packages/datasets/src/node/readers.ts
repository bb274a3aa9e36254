import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ConllOptions, type ConllSentence, parseConll } from '../conll.js';
import { DatasetError } from '../errors.js';
import {
  GLUE_TASKS,
  type GlueFileTask,
  type GlueReadOptions,
  type GlueRecord,
  type GlueSplit,
  glueFileName,
  parseGlueTsv,
} from '../glue.js';
import { type JsonlOptions, parseJsonl } from '../jsonl.js';
import { type Line, readLines } from '../lines.js';
import {
  parseRaceFile,
  RACE_LEVELS,
  RACE_SPLITS,
  type RaceExample,
  type RaceLevel,
  type RaceSplit,
} from '../race.js';
import { type BadRowOptions, RecordStream } from '../record-stream.js';
import { parseSquad, type SquadOptions, type SquadParseResult } from '../squad.js';
import { fileChunks, fileError } from './files.js';

/** Streams the lines of a file (UTF-8), with 1-based line numbers. */
export function readFileLines(path: string): AsyncGenerator<Line> {
  return readLines(fileChunks(path), { file: path });
}

/** Streams a GLUE TSV file. See `parseGlueTsv`. */
export function readGlue(
  path: string,
  task: GlueFileTask,
  options: Omit<GlueReadOptions, 'file'> = {},
): RecordStream<GlueRecord> {
  return parseGlueTsv(fileChunks(path), task, { ...options, file: path });
}

/**
 * Streams one split of a task from the GLUE release folder (`glue_data/`):
 * `readGlueSplit('glue_data', 'mnli_mismatched', 'dev')` reads `glue_data/MNLI/dev_mismatched.tsv`.
 */
export function readGlueSplit(
  gluePath: string,
  task: GlueFileTask,
  split: GlueSplit,
  options: Omit<GlueReadOptions, 'file'> = {},
): RecordStream<GlueRecord> {
  return readGlue(join(gluePath, GLUE_TASKS[task]?.folder ?? '', glueFileName(task, split)), task, options);
}

/** Streams a JSON Lines file. See `parseJsonl`. */
export function readJsonl<T extends object = Record<string, unknown>>(
  path: string,
  options: Omit<JsonlOptions, 'file'> = {},
): RecordStream<T> {
  return parseJsonl<T>(fileChunks(path), { ...options, file: path });
}

/** Streams a CoNLL-style token file. See `parseConll`. */
export function readConll(
  path: string,
  options: Omit<ConllOptions, 'file'> = {},
): RecordStream<ConllSentence> {
  return parseConll(fileChunks(path), { ...options, file: path });
}

/**
 * Reads a SQuAD v1.1/v2.0 JSON file. A SQuAD file is one JSON document, so it is parsed whole
 * (the official files are 4–42 MB).
 */
export async function readSquad(
  path: string,
  options: Omit<SquadOptions, 'file'> = {},
): Promise<SquadParseResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    throw fileError(path, cause);
  }
  return parseSquad(text, { ...options, file: path });
}

/** Options of `readRace`: which splits and levels to read, and the bad-row policy. */
export interface RaceReadOptions extends BadRowOptions {
  /** Splits to read, in this order (default train, dev, test). */
  splits?: readonly RaceSplit[];
  /** Levels to read, in this order (default middle, high). */
  levels?: readonly RaceLevel[];
}

/**
 * Streams RACE multiple-choice examples from the release's folder layout
 * `RACE/{train,dev,test}/{middle,high}/*.txt` (each file one JSON article). `racePath` is the
 * `RACE` folder. Files are read one at a time, in split, level, then numeric file-name order.
 */
export function readRace(racePath: string, options: RaceReadOptions = {}): RecordStream<RaceExample> {
  const splits = options.splits ?? RACE_SPLITS;
  const levels = options.levels ?? RACE_LEVELS;
  for (const s of splits) {
    if (!RACE_SPLITS.includes(s))
      throw new DatasetError('INVALID_OPTION', `unknown RACE split ${JSON.stringify(s)}`);
  }
  for (const l of levels) {
    if (!RACE_LEVELS.includes(l))
      throw new DatasetError('INVALID_OPTION', `unknown RACE level ${JSON.stringify(l)}`);
  }
  return new RecordStream<RaceExample>(async function* (reject) {
    for (const split of splits) {
      for (const level of levels) {
        const dir = join(racePath, split, level);
        let names: string[];
        try {
          names = (await readdir(dir)).filter((n) => n.endsWith('.txt'));
        } catch (cause) {
          throw fileError(dir, cause);
        }
        names.sort(naturalCompare);
        for (const name of names) {
          const file = join(dir, name);
          let text: string;
          try {
            text = await readFile(file, 'utf8');
          } catch (cause) {
            throw fileError(file, cause);
          }
          let examples: RaceExample[];
          try {
            examples = parseRaceFile(text, { level, split, file }, reject);
          } catch (error) {
            // A file that is not a RACE article at all is one bad row too.
            if (!(error instanceof DatasetError) || error.code === 'INVALID_OPTION') throw error;
            reject(error);
            continue;
          }
          yield examples;
        }
      }
    }
  }, options);
}

/** `2.txt` before `10.txt`. */
function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
