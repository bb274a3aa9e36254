/**
 * Splits running text into sentences for pretraining. Line breaks always end a sentence (the
 * reference input format is one sentence per line); inside a line a sentence ends after `.`, `!`
 * or `?` (plus closing quotes/brackets) followed by whitespace and an upper-case letter, a digit or
 * an opening quote. Deliberately simple: pass `string[]` documents when you have better splits.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    const t = line.trim();
    if (!t) continue;
    let start = 0;
    const re = /[.!?]+["'\u201d\u2019)\]]*\s+(?=[\p{Lu}\p{N}"'\u201c\u2018([])/gu;
    for (let m = re.exec(t); m; m = re.exec(t)) {
      const end = m.index + m[0].length;
      const s = t.slice(start, end).trim();
      if (s) out.push(s);
      start = end;
    }
    const rest = t.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}
