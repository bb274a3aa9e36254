#!/usr/bin/env node
// Forward-pass benchmark (issue 3, acceptance 5): albert-base-v2 shape with random weights,
// batch 8 x 128, sequences/s and peak RSS on the wasm and cpu backends, model load time of the
// ~47 MB safetensors file, next to PyTorch CPU and onnxruntime-node measured in the same run.
//
//   flock /tmp/albert-bench.lock node packages/core/bench/forward.mjs [--iters 3] [--cpu-batch 1]
//
// Each engine runs in its own child process so that peak RSS is its own. Writes
// bench/results/forward.json and prints a markdown table.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '..', '..', '..');
const fixtures = process.env.ALBERT_FIXTURES
  ? resolve(process.env.ALBERT_FIXTURES)
  : resolve(repo, '..', 'shared', 'fixtures');
const configPath = join(fixtures, 'albert-base-shape', 'config.json');

const { values: args } = parseArgs({
  options: {
    child: { type: 'string' },
    dir: { type: 'string' },
    batch: { type: 'string', default: '8' },
    seq: { type: 'string', default: '128' },
    iters: { type: 'string', default: '3' },
    'cpu-batch': { type: 'string', default: '1' },
    'cpu-iters': { type: 'string', default: '1' },
    'skip-peers': { type: 'boolean', default: false },
    'skip-cpu': { type: 'boolean', default: false },
  },
});

function inputs(batch, seq, vocab) {
  let s = 12345;
  const rand = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
  return Array.from({ length: batch }, () =>
    Array.from({ length: seq }, () => 5 + Math.floor(rand() * (vocab - 5))),
  );
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function child() {
  const tf = await import('@tensorflow/tfjs-core');
  const { AlbertModel, setupBackend } = await import('@albert-ts/core');
  const backend = args.child;
  const info = await setupBackend({ backend, native: false });
  const batch = Number(args.batch);
  const seq = Number(args.seq);
  const t0 = performance.now();
  const model = await AlbertModel.fromPretrained(args.dir, { strict: true });
  const loadMs = performance.now() - t0;
  const ids = inputs(batch, seq, model.config.vocabSize);
  const run = async () => {
    const t = performance.now();
    const out = model.call({ inputIds: ids });
    await out.lastHiddenState.data();
    tf.dispose(out);
    return performance.now() - t;
  };
  const iters = Number(args.iters);
  const warm = iters > 1 ? await run() : null; // one warm-up when timing several
  const times = [];
  for (let i = 0; i < iters; i++) times.push(await run());
  const med = median(times);
  process.stdout.write(
    `${JSON.stringify({
      engine: `albert-ts (tfjs ${backend})`,
      backend: info.backend,
      batch,
      seq,
      load_ms: loadMs,
      warmup_ms: warm,
      times_ms: times,
      median_ms: med,
      seq_per_s: (batch * 1000) / med,
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

function runJson(cmd, argv, opts = {}) {
  const out = execFileSync(cmd, argv, {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
    ...opts,
  });
  const line = out
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .pop();
  return JSON.parse(line);
}

async function main() {
  const tf = await import('@tensorflow/tfjs-core');
  const { AlbertModel, setupBackend } = await import('@albert-ts/core');
  await setupBackend({ backend: 'cpu' });
  const dir = mkdtempSync(join(tmpdir(), 'albert-bench-'));
  const config = JSON.parse(readFileSync(configPath, 'utf8'));
  const m = AlbertModel.fromConfig(config, { seed: 0 });
  await m.savePretrained(dir);
  m.dispose();
  const fileMb = readFileSync(join(dir, 'model.safetensors')).length / 1e6;
  console.error(`model.safetensors: ${fileMb.toFixed(1)} MB, ${tf.memory().numTensors} tensors left`);
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  const load = loadavg()[0];
  const batch = args.batch;
  rows.push(
    runJson(process.execPath, [
      self,
      '--child',
      'wasm',
      '--dir',
      dir,
      '--batch',
      batch,
      '--seq',
      args.seq,
      '--iters',
      args.iters,
    ]),
  );
  console.error(JSON.stringify(rows.at(-1)));
  if (!args['skip-cpu']) {
    rows.push(
      runJson(process.execPath, [
        self,
        '--child',
        'cpu',
        '--dir',
        dir,
        '--batch',
        args['cpu-batch'],
        '--seq',
        args.seq,
        '--iters',
        args['cpu-iters'],
      ]),
    );
    console.error(JSON.stringify(rows.at(-1)));
  }
  const peers = join(repo, 'bench', 'peers');
  if (!args['skip-peers'] && existsSync(join(peers, 'albert_torch.py'))) {
    try {
      const t = runJson('/usr/bin/python3', [
        join(peers, 'albert_torch.py'),
        'forward',
        '--config',
        configPath,
        '--batch',
        batch,
        '--seq',
        args.seq,
        '--iters',
        args.iters,
        '--warmup',
        '1',
        '--threads',
        '2',
      ]);
      rows.push({
        ...t,
        engine: `PyTorch ${t.torch ?? ''} CPU (${t.threads} threads)`,
        batch: Number(batch),
      });
      console.error(JSON.stringify(rows.at(-1)));
    } catch (e) {
      rows.push({ engine: 'PyTorch CPU', error: String(e.message).split('\n')[0] });
    }
    try {
      const o = runJson(process.execPath, [
        join(peers, 'albert_ort.mjs'),
        '--config',
        configPath,
        '--batch',
        batch,
        '--seq',
        args.seq,
        '--iters',
        args.iters,
      ]);
      rows.push({
        ...o,
        engine: `onnxruntime-node ${o.ort ?? ''} CPU (${o.threads} threads)`,
        batch: Number(batch),
      });
      console.error(JSON.stringify(rows.at(-1)));
    } catch (e) {
      rows.push({ engine: 'onnxruntime-node', error: String(e.message).split('\n')[0] });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      model: cpus()[0]?.model,
      loadavg_1min_at_start: load,
      node: process.version,
    },
    model: 'albert-base-v2 shape (random weights), AlbertModel forward, no grad',
    file_mb: fileMb,
    rows,
  };
  writeFileSync(join(here, 'results', 'forward.json'), `${JSON.stringify(result, null, 2)}\n`);
  const wasm = rows[0];
  console.log(
    '| engine | batch × seq | median ms / batch | sequences/s | vs wasm | peak RSS MB | load 47 MB file (ms) |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    if (r.error) {
      console.log(`| ${r.engine} | — | failed: ${r.error} | | | | |`);
      continue;
    }
    console.log(
      `| ${r.engine} | ${r.batch} × ${r.seq ?? args.seq} | ${r.median_ms.toFixed(0)} | ${r.seq_per_s.toFixed(3)} | ${(r.seq_per_s / wasm.seq_per_s).toFixed(2)}× | ${r.peak_rss_mb?.toFixed(0) ?? '—'} | ${r.load_ms != null ? r.load_ms.toFixed(0) : '—'} |`,
    );
  }
}

if (args.child) await child();
else await main();
