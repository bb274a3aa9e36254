const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '?', '!', ')', ']', '}', "''", "'", '%']);
const NO_SPACE_AFTER = new Set(['``', '`', '(', '[', '{', '$']);
const QUOTES: Record<string, string> = { '``': '"', "''": '"', '`': "'" };

/**
 * Joins Brown tokens into readable text: `` and '' become ", ` becomes ', no space before
 * closing punctuation and after opening quotes/brackets. Word forms are otherwise untouched
 * (Brown keeps contractions such as "didn't" as one token already), except that a sentence-final
 * "." after an abbreviation ending in "." (`Jr.` `.`) is dropped.
 */
export function detokenizeBrown(words: readonly string[]): string {
  const parts: string[] = [];
  let glueNext = true;
  let previous = '';
  for (const word of words) {
    // "Jr." ending a sentence carries the full stop already: Brown tags it as a separate "."
    if (word === '.' && previous.length > 1 && previous.endsWith('.')) continue;
    if (!glueNext && !NO_SPACE_BEFORE.has(word)) parts.push(' ');
    parts.push(QUOTES[word] ?? word);
    glueNext = NO_SPACE_AFTER.has(word);
    previous = word;
  }
  return parts.join('');
}
