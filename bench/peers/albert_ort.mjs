#!/usr/bin/env node
// onnxruntime-node peer for albert-ts benchmarks (the engine under transformers.js).
//
// Times the AlbertModel forward that albert_torch.py exports to ONNX for the same HF
// config.json. onnxruntime-node is installed on demand into bench/.cache/ort (outside the
// workspace lockfile); its CUDA download is skipped (ONNXRUNTIME_NODE_INSTALL=skip,
// --ignore-scripts: the CPU binaries ship inside the npm package).
//
//   node bench/peers/albert_ort.mjs --config bench/peers/configs/albert-base-v2.json \
//     --batch 8 --seq 128 --iters 7 --threads 2
//
// Prints one JSON object (median_ms, seq_per_s, gflops_effective, peak_rss_mb, ...).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const cacheDir = resolve(here, '..', '.cache');
export const ORT_VERSION = '1.30.0';
const PYTHON = process.env.ALBERT_PEER_PYTHON ?? '/usr/bin/python3';

/** Installs onnxruntime-node into bench/.cache/ort if missing; returns the module. */
export function loadOrt(version = ORT_VERSION) {
  const dir = join(cacheDir, 'ort');
  const pkg = join(dir, 'node_modules', 'onnxruntime-node', 'package.json');
  const installed = existsSync(pkg) ? JSON.parse(readFileSync(pkg, 'utf8')).version : null;
  if (installed !== version) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{"name":"albert-bench-ort-cache","private":true}\n');
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', '--ignore-scripts', `onnxruntime-node@${version}`],
      {
        cwd: dir,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip', ONNXRUNTIME_NODE_INSTALL_CUDA: 'skip' },
      },
    );
  }
  return createRequire(join(dir, 'package.json'))('onnxruntime-node');
}

/** Exports the config's AlbertModel to ONNX with the PyTorch peer (cached by config name). */
export function ensureOnnx(configPath, out) {
  const target = out ?? join(cacheDir, 'onnx', `${basename(configPath, '.json')}.onnx`);
  if (!existsSync(target)) {
    execFileSync(
      PYTHON,
      [join(here, 'albert_torch.py'), 'export-onnx', '--config', configPath, '--out', target],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return target;
}

/** 2 x multiply-adds of the encoder matmuls, as albert_torch.py's forward_flops. */
export function forwardFlops(c, batch, seq) {
  const h = c.hidden_size;
  const perLayer = 4 * h * h + 2 * h * c.intermediate_size;
  const attn = 2 * seq * h;
  const layers = c.num_hidden_layers * c.inner_group_num;
  return 2 * batch * seq * (c.embedding_size * h + layers * (perLayer + attn)) + 2 * batch * h * h;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function main() {
  const { values: a } = parseArgs({
    options: {
      config: { type: 'string' },
      model: { type: 'string' },
      batch: { type: 'string', default: '8' },
      seq: { type: 'string', default: '128' },
      iters: { type: 'string', default: '7' },
      warmup: { type: 'string', default: '2' },
      threads: { type: 'string', default: '2' },
      seed: { type: 'string', default: '0' },
      // Sleep instead of spinning between ops (fairer on a machine other processes load).
      'no-spin': { type: 'boolean', default: false },
    },
  });
  if (!a.config) throw new Error('--config <HF config.json> is required');
  const config = JSON.parse(readFileSync(a.config, 'utf8'));
  const [batch, seq, iters, warmup, threads] = [a.batch, a.seq, a.iters, a.warmup, a.threads].map(Number);
  const ort = loadOrt();
  const modelPath = a.model ?? ensureOnnx(resolve(a.config));
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    ...(a['no-spin']
      ? { extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } } }
      : {}),
  });

  let s = Number(a.seed) >>> 0 || 1;
  const rand = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const n = batch * seq;
  const ids = new BigInt64Array(n);
  const mask = new BigInt64Array(n).fill(1n);
  const types = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = BigInt(5 + Math.floor(rand() * (config.vocab_size - 5)));
    types[i] = i % seq >= seq / 2 ? 1n : 0n;
  }
  const feeds = {
    input_ids: new ort.Tensor('int64', ids, [batch, seq]),
    attention_mask: new ort.Tensor('int64', mask, [batch, seq]),
    token_type_ids: new ort.Tensor('int64', types, [batch, seq]),
  };
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const times = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    times.push(performance.now() - t0);
  }
  const med = median(times);
  const flops = forwardFlops(config, batch, seq);
  const out = {
    engine: 'onnxruntime-node',
    ort: ORT_VERSION,
    threads,
    spinning: !a['no-spin'],
    mode: 'forward',
    batch,
    seq,
    iters,
    median_ms: med,
    times_ms: times,
    seq_per_s: batch / (med / 1000),
    gflop: flops / 1e9,
    gflops_effective: flops / 1e9 / (med / 1000),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    model: modelPath,
  };
  await session.release();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exit(1);
  });
}
