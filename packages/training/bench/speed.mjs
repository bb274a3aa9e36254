// Acceptance 6: training steps/s and tokens/s for tiny configs and the albert-base shape at 8 × 128
// on the wasm (+ native kernels), plain wasm and cpu backends, next to PyTorch CPU (Debian
// python3-torch, bench/peers/albert_torch.py at the repository root) on the same model and batch in
// the same run; peak RSS per process; and which gradient kernels tfjs-backend-wasm lacks.
//   flock /tmp/albert-bench.lock node bench/speed.mjs [--quick] [--only albert-tiny,brown-tiny,albert-base]
// Configurations not re-measured (--only) keep their previous results in bench/results/speed.json.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { here, resultsDir } from './common.mjs';

const quick = process.argv.includes('--quick');
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg < 0 ? null : new Set(process.argv[onlyArg + 1].split(','));
// The cpu backend needs ~15 min for one albert-base step; --skip-cpu-base keeps the previous figure.
const skipCpuBase = process.argv.includes('--skip-cpu-base');
const peer = join(here, '..', '..', '..', 'bench', 'peers', 'albert_torch.py');
const python = '/usr/bin/python3';
const configPath = {
  'albert-tiny': fixturePath('albert-tiny', 'config.json'),
  'brown-tiny': join(here, 'configs', 'albert-brown-tiny.json'),
  'albert-base': fixturePath('albert-base-shape', 'config.json'),
};

// [config, batch, seq, backend, path, warmup, iters]
const plan = [];
for (const [name, seq] of [
  ['albert-tiny', 64],
  ['brown-tiny', 128],
]) {
  for (const backend of ['wasm', 'wasm-plain', 'cpu']) {
    for (const path of ['gathered', 'call']) {
      const slow = backend === 'cpu' || (backend === 'wasm-plain' && name === 'brown-tiny');
      plan.push([name, 8, seq, backend, path, slow ? 1 : 2, quick ? 2 : slow ? 3 : 7]);
    }
  }
}
// albert-base at 8 × 128: the wasm heap may not hold a training step; 2 × 128 is measured too.
plan.push(['albert-base', 8, 128, 'wasm', 'gathered', 1, quick ? 1 : 3]);
plan.push(['albert-base', 2, 128, 'wasm', 'gathered', 1, quick ? 1 : 3]);
plan.push(['albert-base', 2, 128, 'wasm', 'call', 1, quick ? 1 : 3]);
plan.push(['albert-base', 2, 128, 'wasm-plain', 'gathered', 1, quick ? 1 : 2]);
plan.push(['albert-base', 8, 128, 'cpu', 'gathered', 0, 1]);

function runNode(args) {
  const out = execFileSync(process.execPath, args, {
    cwd: join(here, '..'),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  return JSON.parse(out.trim().split('\n').at(-1));
}

const key = (r) => `${r.config}|${r.engine}|${r.backend ?? ''}|${r.path}|${r.batch}x${r.seq}`;
const previous = existsSync(join(resultsDir, 'speed.json'))
  ? JSON.parse(readFileSync(join(resultsDir, 'speed.json'), 'utf8'))
  : { results: [], peers: [] };
const started = new Date().toISOString();
const kernels = runNode([join(here, 'kernels.mjs'), configPath['albert-tiny']]);
console.log(
  'wasm lacks:',
  kernels.wasm_lacks,
  '; still missing after setupBackend:',
  kernels.still_missing_after_setupBackend,
);

const havePeer = existsSync(peer) && existsSync(python);
if (!havePeer)
  console.log('PyTorch peer not available (bench/peers/albert_torch.py or /usr/bin/python3 missing)');

function measureOurs(name, batch, seq, backend, path, warmup, iters) {
  console.log(`-- ${name} ${batch}x${seq} ${backend} ${path}`);
  const base = {
    config: name,
    engine: 'albert-ts',
    backend,
    path,
    batch,
    seq,
    measured: new Date().toISOString(),
  };
  try {
    const args = [
      join(here, 'speed-one.mjs'),
      '--config',
      configPath[name],
      '--backend',
      backend,
      '--path',
      path,
    ];
    args.push(
      '--batch',
      String(batch),
      '--seq',
      String(seq),
      '--warmup',
      String(warmup),
      '--iters',
      String(iters),
    );
    const res = { ...base, ...runNode(args) };
    console.log(`   ${res.median_ms} ms/step, ${res.tokens_per_s} tokens/s, peak RSS ${res.peak_rss_mb} MB`);
    return res;
  } catch (e) {
    // e.g. the wasm heap running out: record it instead of losing the rest of the run.
    const text = String(e.stderr || e.message);
    const error = text.match(/(RuntimeError|RangeError|Error)[^\n]*/)?.[0] ?? 'failed';
    console.log(`   failed: ${error}`);
    return { ...base, error };
  }
}

function measureTorch(name, batch, seq, full) {
  const big = name === 'albert-base';
  const args = [
    peer,
    'train',
    '--config',
    configPath[name],
    '--batch',
    String(batch),
    '--seq',
    String(seq),
    '--threads',
    '2',
  ];
  args.push('--iters', big ? '3' : quick ? '3' : '7', '--warmup', big ? '1' : '2');
  if (full) args.push('--mlm-full');
  const out = JSON.parse(
    execFileSync(python, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
      .trim()
      .split('\n')
      .at(-1),
  );
  const res = {
    config: name,
    engine: 'pytorch-cpu',
    path: full ? 'call' : 'gathered',
    batch,
    seq,
    median_ms: +out.median_ms.toFixed(1),
    times_ms: out.times_ms.map((t) => +t.toFixed(1)),
    steps_per_s: +out.steps_per_s.toFixed(4),
    tokens_per_s: +((batch * seq * 1000) / out.median_ms).toFixed(1),
    peak_rss_mb: Math.round(out.peak_rss_mb),
    threads: 2,
    measured: new Date().toISOString(),
  };
  console.log(
    `-- torch ${name} ${batch}x${seq} ${res.path}: ${res.median_ms} ms/step (${res.times_ms.join(', ')})`,
  );
  return res;
}

// Each shape's PyTorch runs follow our runs of that shape directly, so both see the same load.
const results = [];
const peers = [];
const shapes = [...new Set(plan.map(([n, b, q]) => `${n}|${b}|${q}`))];
for (const shape of shapes) {
  const [name, batchS, seqS] = shape.split('|');
  if (only && !only.has(name)) continue;
  const batch = Number(batchS);
  const seq = Number(seqS);
  for (const [n, b, q, backend, path, warmup, iters] of plan) {
    if (`${n}|${b}|${q}` !== shape) continue;
    if (skipCpuBase && n === 'albert-base' && backend === 'cpu') continue;
    results.push(measureOurs(n, b, q, backend, path, warmup, iters));
  }
  if (havePeer) {
    for (const full of [false, true]) {
      if (full && name === 'albert-base' && batch === 8) continue;
      peers.push(measureTorch(name, batch, seq, full));
    }
  }
}

const merge = (old, now) => [...old.filter((o) => !now.some((n) => key(n) === key(o))), ...now];
mkdirSync(resultsDir, { recursive: true });
const out = {
  started,
  finished: new Date().toISOString(),
  loadavg_end: loadavg().map((x) => +x.toFixed(2)),
  kernels,
  results: merge(previous.results, results),
  peers: merge(previous.peers, peers),
};
writeFileSync(join(resultsDir, 'speed.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log('wrote bench/results/speed.json; run `node bench/report.mjs` to update BENCHMARKS.md');
