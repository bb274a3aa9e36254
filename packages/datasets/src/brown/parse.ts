import { DatasetError, excerpt } from '../errors.js';

// Interned upper-case tags: 1.1M tokens share ~470 tag strings instead of allocating one each.
const TAGS = new Map<string, string>();

/** A tagged Brown sentence: word forms and their Brown tags (upper case, as NLTK gives them). */
export interface BrownSentence {
  words: string[];
  tags: string[];
}

/**
 * Parses one Brown corpus file in the tagged "form C" layout of NLTK's copy (`word/tag` tokens,
 * one sentence per line, blank lines between paragraphs). Tags are split at the last `/` and
 * upper-cased, exactly as NLTK's `str2tuple` does. Returns paragraphs of sentences.
 */
export function parseBrownText(text: string, file?: string): BrownSentence[][] {
  const paragraphs: BrownSentence[][] = [];
  let paragraph: BrownSentence[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line.length === 0) {
      if (paragraph.length > 0) paragraphs.push(paragraph);
      paragraph = [];
      continue;
    }
    const words: string[] = [];
    const tags: string[] = [];
    // Hand scan instead of split(): one string per word, none per token (1.1M tokens).
    let start = 0;
    while (start < line.length) {
      let end = start;
      while (end < line.length && !isSpace(line.charCodeAt(end))) end++;
      const slash = line.lastIndexOf('/', end - 1);
      if (slash <= start || slash === end - 1) {
        throw new DatasetError(
          'MALFORMED_ROW',
          `expected word/tag tokens, found ${excerpt(line.slice(start, end))}`,
          {
            file,
            line: i + 1,
          },
        );
      }
      words.push(line.slice(start, slash));
      const raw = line.slice(slash + 1, end);
      let tag = TAGS.get(raw);
      if (tag === undefined) {
        tag = raw.toUpperCase();
        TAGS.set(raw, tag);
      }
      tags.push(tag);
      start = end;
      while (start < line.length && isSpace(line.charCodeAt(start))) start++;
    }
    paragraph.push({ words, tags });
  }
  if (paragraph.length > 0) paragraphs.push(paragraph);
  return paragraphs;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 12 || c === 11;
}
