// Prints the size of every embedded corpus split, per label. Run after `pnpm build`:
//   pnpm --filter @albert-ts/datasets counts [-- --seed 42] [-- --json]
import {
  BROWN_GENRES,
  loadBrownDocumentSplits,
  loadBrownGenres,
  loadBrownPos,
  loadSpamAssassin,
} from '../dist/node.js';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? args[seedAt + 1] : 42;
const json = args.includes('--json');
const SPLITS = ['train', 'dev', 'test'];

function table(title, rows, columns) {
  const header = ['', ...columns, 'total'];
  const body = rows.map(([name, counts]) => [
    name,
    ...counts.map(String),
    String(counts.reduce((a, b) => a + b, 0)),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const line = (cells) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(header));
  for (const r of body) console.log(line(r));
}

const started = performance.now();
const docs = await loadBrownDocumentSplits({ seed });
const genres = await loadBrownGenres({ seed });
const pos = await loadBrownPos({ seed });
const brownMs = performance.now() - started;
const spamStarted = performance.now();
const spam = await loadSpamAssassin({ seed });
const spamMs = performance.now() - spamStarted;

const result = {
  seed: String(seed),
  brown: {
    documents: Object.fromEntries(SPLITS.map((s) => [s, docs[s].length])),
    genreChunks: Object.fromEntries(SPLITS.map((s) => [s, genres[s].length])),
    posSentences: Object.fromEntries(SPLITS.map((s) => [s, pos[s].length])),
    posTokens: Object.fromEntries(SPLITS.map((s) => [s, pos[s].reduce((n, x) => n + x.tokens.length, 0)])),
    documentsPerGenre: Object.fromEntries(
      BROWN_GENRES.map((g) => [g, SPLITS.map((s) => docs[s].filter((d) => d.genre === g).length)]),
    ),
    chunksPerGenre: Object.fromEntries(
      BROWN_GENRES.map((g) => [g, SPLITS.map((s) => genres[s].filter((d) => d.genre === g).length)]),
    ),
    universalTags: Object.fromEntries(
      pos.labels.map((t) => [
        t,
        SPLITS.map((s) => pos[s].reduce((n, x) => n + x.tags.filter((y) => y === t).length, 0)),
      ]),
    ),
  },
  spamAssassin: {
    perGroup: Object.fromEntries(
      ['easy_ham', 'hard_ham', 'spam'].map((g) => [
        g,
        SPLITS.map((s) => spam[s].filter((e) => e.group === g).length),
      ]),
    ),
    perLabel: Object.fromEntries(
      spam.labels.map((l) => [l, SPLITS.map((s) => spam[s].filter((e) => e.label === l).length)]),
    ),
    files: spam.stats.files,
    parsed: spam.stats.parsed,
    kept: spam.stats.kept,
    emptyTexts: spam.stats.empty.length,
    emptySubject: spam.stats.emptySubject,
    bodySource: spam.stats.bodySource,
  },
  loadMs: { brown: Math.round(brownMs), spamAssassin: Math.round(spamMs) },
};

if (json) {
  console.log(JSON.stringify(result, null, 2));
} else {
  console.log(`seed ${result.seed} (splits: train / dev / test)`);
  table('Brown documents per genre', Object.entries(result.brown.documentsPerGenre), SPLITS);
  table(
    'Brown genre examples (5-sentence chunks) per genre',
    Object.entries(result.brown.chunksPerGenre),
    SPLITS,
  );
  table('Brown POS tokens per universal tag', Object.entries(result.brown.universalTags), SPLITS);
  table('Brown POS sentences', [['sentences', SPLITS.map((s) => pos[s].length)]], SPLITS);
  table('SpamAssassin emails per group', Object.entries(result.spamAssassin.perGroup), SPLITS);
  table('SpamAssassin emails per label', Object.entries(result.spamAssassin.perLabel), SPLITS);
  const s = result.spamAssassin;
  console.log(
    `\nSpamAssassin: ${s.files} files, ${s.parsed} parsed, ${s.kept} kept, ${s.emptyTexts} empty texts; ` +
      `body from ${Object.entries(s.bodySource)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}; ${s.emptySubject} without subject`,
  );
  console.log(`load time: Brown ${result.loadMs.brown} ms, SpamAssassin ${result.loadMs.spamAssassin} ms`);
}
