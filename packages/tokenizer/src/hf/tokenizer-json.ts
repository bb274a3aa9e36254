/**
 * The parts of Hugging Face's `tokenizer.json` (the `tokenizers` library's serialization) that an
 * ALBERT tokenizer uses, as transformers' AlbertConverter writes them.
 */

export const META = '\u2581';

/** One entry of `added_tokens`. */
export interface AddedTokenJson {
  id: number;
  content: string;
  single_word: boolean;
  lstrip: boolean;
  rstrip: boolean;
  normalized: boolean;
  special: boolean;
}

/** A `Replace` pattern: a literal string or an Oniguruma regex. */
export type PatternJson = { String: string } | { Regex: string };

/**
 * A `normalizer` of `tokenizer.json`: a `Sequence`, a `Replace`, a Unicode step, or sentencepiece's
 * `Precompiled` charsmap (base64).
 */
export type NormalizerJson =
  | { type: 'Sequence'; normalizers: NormalizerJson[] }
  | { type: 'Replace'; pattern: PatternJson; content: string }
  | { type: 'NFKD' | 'StripAccents' | 'Lowercase' }
  | { type: 'Precompiled'; precompiled_charsmap: string };

/**
 * The `Metaspace` pre-tokenizer / decoder: whitespace becomes `replacement` (U+2581), with a prefix
 * space per `prepend_scheme`.
 */
export interface MetaspaceJson {
  type: 'Metaspace';
  replacement: string;
  prepend_scheme: 'always' | 'first' | 'never';
  split: boolean;
}

/**
 * One item of a `TemplateProcessing` template: a special token or sequence `A` / `B`, with its
 * token type id.
 */
export type TemplatePieceJson =
  | { SpecialToken: { id: string; type_id: number } }
  | { Sequence: { id: 'A' | 'B'; type_id: number } };

/**
 * The `post_processor` that adds special tokens: `[CLS] $A [SEP]` for one text, `[CLS] $A [SEP] $B
 * [SEP]` for a pair.
 */
export interface TemplateProcessingJson {
  type: 'TemplateProcessing';
  single: TemplatePieceJson[];
  pair: TemplatePieceJson[];
  special_tokens: Record<string, { id: string; ids: number[]; tokens: string[] }>;
}

/** The `Unigram` model: pieces with their log-probability scores and the unknown piece's id. */
export interface UnigramJson {
  type: 'Unigram';
  unk_id: number;
  vocab: Array<[string, number]>;
  byte_fallback: boolean;
}

/**
 * A whole `tokenizer.json` as written for an ALBERT tokenizer (what `readTokenizerJson` reads and
 * `toTokenizerJson` writes).
 */
export interface TokenizerJson {
  version: string;
  truncation: null;
  padding: null;
  added_tokens: AddedTokenJson[];
  normalizer: NormalizerJson | null;
  pre_tokenizer: MetaspaceJson;
  post_processor: TemplateProcessingJson;
  decoder: MetaspaceJson;
  model: UnigramJson;
}

/** The Replace rules ALBERT's normalizer starts with (HF AlbertTokenizer.preprocess_text). */
export const QUOTE_RULES: ReadonlyArray<readonly [string, string]> = [
  ['``', '"'],
  ["''", '"'],
];

/** The rule that stands for sentencepiece's remove_extra_whitespaces after the charsmap. */
export const SPACES_REGEX = ' {2,}';
