// Node entry: everything of the browser-safe entry, plus file readers and the embedded corpora.
export * from './index.js';
export {
  BROWN_GENRES,
  type BrownDocument,
  type BrownGenre,
  type BrownGenreExample,
  type BrownGenreOptions,
  type BrownPosExample,
  type BrownPosOptions,
  type LabelledSplits,
  loadBrownDocumentSplits,
  loadBrownDocuments,
  loadBrownGenres,
  loadBrownPos,
} from './node/brown.js';
export { type CsvOptions, parseCsv, readCsv } from './node/csv.js';
export {
  type RaceReadOptions,
  readConll,
  readFileLines,
  readGlue,
  readGlueSplit,
  readJsonl,
  readRace,
  readSquad,
} from './node/readers.js';
export {
  type Loaded as SpamAssassinCorpus,
  loadSpamAssassin,
  loadSpamAssassinEmails,
  type SpamAssassinEmail,
  type SpamAssassinStats,
  type SpamGroup,
  type SpamLabel,
} from './node/spam-assassin.js';
