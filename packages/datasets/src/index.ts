// Browser-safe entry: parsers of strings, bytes and streams. File-system readers and the
// embedded corpora live in `@albert-ts/datasets/node`.

export { detokenizeBrown } from './brown/detokenize.js';
export { type BrownSentence, parseBrownText } from './brown/parse.js';
export { brownToUniversal, UNIVERSAL_TAGS, type UniversalTag } from './brown/universal.js';
export { type ConllOptions, type ConllSentence, parseConll } from './conll.js';
export { type EmailText, emailToText } from './email.js';
export { DatasetError, type DatasetErrorCode, type DatasetErrorDetails } from './errors.js';
export {
  GLUE_TASKS,
  type GlueFileTask,
  type GlueReadOptions,
  type GlueRecord,
  type GlueSplit,
  type GlueTask,
  type GlueTaskSpec,
  glueFileName,
  parseGlueTsv,
} from './glue.js';
export { type JsonlOptions, parseJsonl } from './jsonl.js';
export { type Line, type LineOptions, readLines, type TextSource } from './lines.js';
export {
  parseRaceFile,
  RACE_LEVELS,
  RACE_SPLITS,
  type RaceExample,
  type RaceFileOptions,
  type RaceLevel,
  type RaceSplit,
} from './race.js';
export {
  type BadRowOptions,
  type BadRowPolicy,
  type ReadStats,
  RecordStream,
  type RejectRow,
} from './record-stream.js';
export { hash53, type SeededSplitOptions, type SplitOptions, type Splits, seededSplit } from './split.js';
export {
  parseSquad,
  type SquadAnswer,
  type SquadArticle,
  type SquadExample,
  type SquadOptions,
  type SquadParagraph,
  type SquadParseResult,
  type SquadQuestion,
  type SquadStats,
} from './squad.js';
