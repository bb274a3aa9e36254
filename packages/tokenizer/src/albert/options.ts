/** Options of AlbertTokenizer and its decode. */

export interface AlbertTokenizerOptions {
  /** Lower-case the text (default true). */
  doLowerCase?: boolean;
  /** Strip and collapse whitespace (default true). */
  removeSpace?: boolean;
  /** Keep accents; false applies NFKD and drops combining marks (default false). */
  keepAccents?: boolean;
  /** Limit used when truncating or padding to 'max_length' without `maxLength` (default 512). */
  modelMaxLength?: number;
  /**
   * How `decode` renders special tokens it keeps: 'newer' (transformers >= 4.2x, e.g. "[CLS] hello[SEP]",
   * the default) or 'v4.19' (the sentencepiece decoder drops control tokens, <unk> becomes " ⁇ ").
   */
  decodeStyle?: 'newer' | 'v4.19';
  unkToken?: string;
  sepToken?: string;
  padToken?: string;
  clsToken?: string;
  maskToken?: string;
  /**
   * How the `.model` file is checked when loaded by `fromBytes` / `fromFile`: 'strict' (default)
   * or 'sentencepiece' (only sentencepiece's own loader checks, for hand-edited models).
   */
  modelValidation?: 'strict' | 'sentencepiece';
}

/** Options of `AlbertTokenizer.decode`. */
export interface DecodeOptions {
  /** Drop [CLS], [SEP], <pad>, <unk> and [MASK] (default false). */
  skipSpecialTokens?: boolean;
  /** HF's `clean_up_tokenization_spaces` (" ." -> "." etc.; default false, as current transformers). */
  cleanUpTokenizationSpaces?: boolean;
  /** Overrides the tokenizer's `decodeStyle`. */
  style?: 'newer' | 'v4.19';
}

/** What `tokenizeWithOffsets` returns: the pieces, their ids, and each one's span in the input. */
export interface TokenizedText {
  tokens: string[];
  ids: number[];
  /** `[start, end)` UTF-16 span of each token in the original text. */
  offsets: Array<[number, number]>;
}
