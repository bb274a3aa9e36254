// Issue 16: the tokenizer on long unspaced text. Prints (and writes bench/results/throughput.json):
// - time of encodeAsPieces / encode / encodeAsIds / AlbertTokenizer.encode on one run of unknown
//   pieces (CJK with the English model) of 10k, 20k, 40k, 80k and 200k characters;
// - MB/s (UTF-8 bytes / median of 3) at 1 MB and 8 MB of unspaced text of each script;
// - model load time (median of 7 in one process) with strict and sentencepiece-only validation;
// - RSS before / after one 20 MB encode followed by 1,000 small ones (child with --expose-gc).
// Run: node bench/throughput.mjs [--dist <dir>] [--quick]   (--dist: another build, e.g. the one
// before a change; calls over 20 s stop that series)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SCRIPTS, scriptRun } from '../test/fuzz/scripts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const distArg = argv.includes('--dist') ? argv[argv.indexOf('--dist') + 1] : null;
const dist = resolve(distArg ?? join(here, '..', 'dist'));
const quick = argv.includes('--quick');
const { AlbertTokenizer, SentencePieceProcessor } = await import(pathToFileURL(join(dist, 'index.js')).href);
const fixtures = process.env.ALBERT_FIXTURES ?? resolve(here, '../../../../shared/fixtures');
const modelFile = (m) => join(fixtures, 'tokenizer', m);
const MODEL = 'albert-en-30k-reconstructed.model';
const bytes = new Uint8Array(readFileSync(modelFile(MODEL)));
const sp = SentencePieceProcessor.fromBytes(bytes);
const tok = new AlbertTokenizer(sp);
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const time = (f) => {
  const t0 = performance.now();
  f();
  return performance.now() - t0;
};
const results = { dist, model: MODEL, date: new Date().toISOString(), loadavgStart: loadavg() };

// 1. Runs of unknown pieces.
const apis = {
  encodeAsPieces: (t) => sp.encodeAsPieces(t),
  encode: (t) => sp.encode(t),
  encodeAsIds: (t) => sp.encodeAsIds(t),
  'AlbertTokenizer.encode': (t) => tok.encode(t, null, { truncation: false }),
};
results.unknownRun = {};
console.log(`${MODEL}, ${dist}`);
console.log('one run of CJK (unknown pieces, no spaces), ms:');
for (const [name, f] of Object.entries(apis)) {
  f(scriptRun('cjk', 2000, 9));
  const row = {};
  for (const n of [10_000, 20_000, 40_000, 80_000, 200_000]) {
    const ms = time(() => f(scriptRun('cjk', n, 1)));
    row[n] = Math.round(ms);
    if (ms > 20_000) break;
  }
  results.unknownRun[name] = row;
  console.log(
    `  ${name.padEnd(24)} ${Object.entries(row)
      .map(([n, ms]) => `${n / 1000}k ${ms}`)
      .join(' | ')}`,
  );
}

// 2. Throughput on unspaced text.
results.throughput = {};
console.log('MB/s (UTF-8 MB / median of 3) on unspaced text:');
for (const script of Object.keys(SCRIPTS)) {
  const row = {};
  for (const mb of quick ? [1] : [1, 8]) {
    let text = scriptRun(script, 1000, 5);
    text = scriptRun(script, Math.round((mb * 1e6 * text.length) / Buffer.byteLength(text)), 5);
    const size = Buffer.byteLength(text) / 1e6;
    const cases = { encodeAsIds: apis.encodeAsIds, encode: apis.encode };
    if (mb === 1) cases['AlbertTokenizer.encode'] = apis['AlbertTokenizer.encode'];
    for (const [name, f] of Object.entries(cases)) {
      const ms = median([0, 1, 2].map(() => time(() => f(text))));
      row[`${name} @${mb}MB`] = +(size / (ms / 1000)).toFixed(2);
    }
  }
  results.throughput[script] = row;
  console.log(
    `  ${script.padEnd(10)} ${Object.entries(row)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')}`,
  );
}

// 3. Model load.
results.loadMs = {};
console.log('model load ms (median of 7, warm; first call in parentheses):');
for (const m of ['30k-clean.model', MODEL, 'brown-8k.model']) {
  const b = new Uint8Array(readFileSync(modelFile(m)));
  const row = {};
  for (const validation of ['strict', 'sentencepiece']) {
    const ts = [0, 1, 2, 3, 4, 5, 6].map(() =>
      time(() => SentencePieceProcessor.fromBytes(b, { validation })),
    );
    row[validation] = { median: +median(ts).toFixed(1), first: +ts[0].toFixed(1) };
  }
  results.loadMs[m] = row;
  console.log(
    `  ${m.padEnd(36)} ${Object.entries(row)
      .map(([k, v]) => `${k} ${v.median} (${v.first})`)
      .join(' | ')}`,
  );
}

// 4. Memory after one huge input (the fuzz worker's rss mode).
if (!distArg) {
  const worker = join(here, '..', 'test', 'fuzz', 'worker.mjs');
  const r = JSON.parse(execFileSync(process.execPath, ['--expose-gc', worker, 'rss'], { encoding: 'utf8' }));
  const mb = (x) => Math.round(x / 2 ** 20);
  results.rss = r;
  console.log(
    `RSS: before ${mb(r.before.rss)} MB, after a 20 MB encode (${(r.bigMs / 1000).toFixed(1)} s, peak ${mb(r.peak.rss)} MB) ` +
      `and 1,000 small ones ${mb(r.after.rss)} MB; ArrayBuffers ${mb(r.before.arrayBuffers)} -> ${mb(r.peak.arrayBuffers)} -> ${mb(r.after.arrayBuffers)} MB`,
  );
}
results.loadavgEnd = loadavg();
if (!distArg && !quick) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'throughput.json'), `${JSON.stringify(results, null, 2)}\n`);
}
