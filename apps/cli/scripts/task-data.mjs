// Small seeded task data for the tiny fixture model (vocabulary 512): used by the CLI tests and by
// the fine-tuning defaults sweep (scripts/finetune-sweep.mjs), so both see the same task.

const POS = ['great', 'wonderful', 'lovely', 'excellent', 'happy', 'fine', 'good', 'superb'];
const NEG = ['awful', 'terrible', 'boring', 'bad', 'sad', 'poor', 'horrible', 'dull'];
const NOUNS = ['movie', 'book', 'meal', 'trip', 'show', 'song', 'game', 'day'];
const FILL = ['the', 'a', 'this', 'that', 'it', 'was', 'really', 'quite', 'very', 'so'];
const VERBS = ['runs', 'sings', 'falls', 'jumps'];

/** A deterministic pick (an LCG), so that every run sees the same rows. */
export function lcg(seed) {
  let s = seed;
  return (xs) => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return xs[Math.floor((s / 2147483648) * xs.length)];
  };
}

/** A two-class CSV (`text,label`, neg/pos alternating): the sentiment word decides the class. */
export function sentimentCsv(n, seed, filler = 0) {
  const pick = lcg(seed);
  const rows = ['text,label'];
  for (let i = 0; i < n; i++) {
    const pos = i % 2 === 1;
    const pre = Array.from({ length: filler }, () => pick(FILL));
    const words = [...pre, pick(FILL), pick(NOUNS), 'was', pick(FILL), pick(pos ? POS : NEG)];
    rows.push(`${words.join(' ')},${pos ? 'pos' : 'neg'}`);
  }
  return `${rows.join('\n')}\n`;
}

/** Sentences of DET NOUN VERB triples as token-classification JSONL. */
export function taggingJsonl(n, seed) {
  const pick = lcg(seed);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const tokens = [];
    const tags = [];
    for (let k = 0; k < 2 + (i % 3); k++) {
      tokens.push(pick(['the', 'a']), pick(NOUNS), pick(VERBS));
      tags.push('DET', 'NOUN', 'VERB');
    }
    lines.push(JSON.stringify({ tokens, tags }));
  }
  return `${lines.join('\n')}\n`;
}

/** Every word of the tasks, one per line, repeated: a corpus to train a small tokenizer on. */
export function taskCorpus() {
  const words = [...POS, ...NEG, ...NOUNS, ...FILL, ...VERBS, 'the a'].join('\n');
  return `${Array.from({ length: 50 }, () => words).join('\n')}\n`;
}
