#!/usr/bin/env node
// Builds the addon with node-gyp and NEVER fails the surrounding install/build: where there is
// no compiler (or the requested BLAS is missing), it records why in build/native-build.json
// (registerNativeKernels() then reports {native: false, reason}) and exits 0. The report lives in
// build/, which is never packed, so a tarball cannot carry the packing machine's build status.
//
//   node native/build.mjs            (package "build" script: compile if sources changed)
//   node native/build.mjs --install  (package "install" script: skipped inside the albert-ts
//                                     workspace, where `pnpm build` compiles; elsewhere it uses
//                                     a matching prebuilds/<platform>-<arch>/ addon when one
//                                     loads and compiles only when none does)
//   node native/build.mjs --force    (reconfigure and recompile)
// Env:
//   ALBERT_BLAS=builtin|openblas|accelerate  the GEMM to build with (default builtin: no system
//                                     BLAS needed). A requested BLAS that is not installed (or an
//                                     invalid value) prints one line and builds builtin.
//   ALBERT_NATIVE_BUILD=0             skip compiling (records the reason).
//   npm_config_build_from_source=true (`npm install --build-from-source`) compile even when a
//                                     prebuild matches.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const addonPath = join(pkgDir, 'build', 'Release', 'albert_native.node');
const statusPath = join(pkgDir, 'build', 'native-build.json');
const legacyStatusPath = join(pkgDir, 'dist', 'native-build.json');
const configGypi = join(pkgDir, 'build', 'config.gypi');
const args = new Set(process.argv.slice(2));

export const BLAS_CHOICES = ['builtin', 'openblas', 'accelerate'];
const log = (m) => console.log(`albert-native: ${m}`);
const warn = (m) => console.warn(`albert-native: ${m}`);

let blas = { requested: 'builtin', chosen: 'builtin', note: null };

function record(status) {
  mkdirSync(dirname(statusPath), { recursive: true });
  const now = Date.now();
  writeFileSync(
    statusPath,
    `${JSON.stringify(
      {
        ...status,
        blas: status.blas ?? blas.chosen,
        blasRequested: blas.requested,
        ...(blas.note ? { blasNote: blas.note } : {}),
        node: process.version,
        napi: process.versions.napi,
        platform: process.platform,
        arch: process.arch,
        writtenAt: new Date(now).toISOString(),
        writtenAtMs: now,
      },
      null,
      2,
    )}\n`,
  );
  // Older versions wrote the report into dist/ (packed): never leave one there.
  rmSync(legacyStatusPath, { force: true });
}

// --- BLAS choice ---------------------------------------------------------------------------

const OPENBLAS_INCLUDE_DIRS = [
  '/usr/include',
  '/usr/include/openblas',
  '/usr/include/x86_64-linux-gnu',
  '/usr/include/aarch64-linux-gnu',
  '/usr/local/include',
];
const OPENBLAS_LIB_DIRS = [
  '/usr/lib',
  '/usr/lib64',
  '/usr/local/lib',
  '/usr/lib/x86_64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu/openblas-pthread',
  '/usr/lib/aarch64-linux-gnu/openblas-pthread',
];

/** Why OpenBLAS cannot be used here, or null when a tiny cblas_sgemm program links and runs. */
function openblasMissing() {
  if (process.platform === 'win32') return null; // openblas.lib on the linker path: node-gyp finds out
  const inc = OPENBLAS_INCLUDE_DIRS.find((d) => existsSync(join(d, 'cblas.h')));
  if (!inc) return `no cblas.h in ${OPENBLAS_INCLUDE_DIRS.join(', ')} (Debian/Ubuntu: libopenblas-dev)`;
  const lib = OPENBLAS_LIB_DIRS.find((d) => existsSync(join(d, 'libopenblas.so')));
  if (!lib) return `no libopenblas.so in ${OPENBLAS_LIB_DIRS.join(', ')} (Debian/Ubuntu: libopenblas-dev)`;
  const dir = mkdtempSync(join(tmpdir(), 'albert-blas-probe-'));
  try {
    const exe = join(dir, 'probe');
    const src =
      '#include <cblas.h>\nint main(void){float a=2,b=3,c=0;' +
      'cblas_sgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,1,1,1,1.f,&a,1,&b,1,0.f,&c,1);return c==6.f?0:1;}\n';
    writeFileSync(join(dir, 'probe.c'), src);
    const cc = process.env.CC || 'cc';
    const r = spawnSync(cc, [join(dir, 'probe.c'), `-I${inc}`, `-L${lib}`, '-lopenblas', '-o', exe], {
      encoding: 'utf8',
    });
    if (r.status !== 0 || !existsSync(exe)) {
      const first = `${r.stderr ?? ''}`.split('\n').find((l) => /error|cannot|undefined/i.test(l));
      return `a test program does not link with -lopenblas (${cc}: ${first?.trim() || r.error?.message || `exit ${r.status}`})`;
    }
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    if (run.status !== 0)
      return `a test program linked with -lopenblas does not run (exit ${run.status ?? run.signal})`;
    return null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads ALBERT_BLAS and decides what to build with; prints one line when it cannot honour it. */
export function chooseBlas(env = process.env) {
  const raw = (env.ALBERT_BLAS ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'builtin') return { requested: 'builtin', chosen: 'builtin', note: null };
  if (!BLAS_CHOICES.includes(raw))
    return {
      requested: raw,
      chosen: 'builtin',
      note: `ALBERT_BLAS=${env.ALBERT_BLAS} is not one of ${BLAS_CHOICES.join(', ')}; building with the built-in GEMM`,
    };
  if (raw === 'accelerate') {
    if (process.platform === 'darwin') return { requested: raw, chosen: raw, note: null };
    return {
      requested: raw,
      chosen: 'builtin',
      note: `ALBERT_BLAS=accelerate but Accelerate exists only on macOS (this is ${process.platform}); building with the built-in GEMM`,
    };
  }
  const missing = openblasMissing();
  if (!missing) return { requested: raw, chosen: raw, note: null };
  return {
    requested: raw,
    chosen: 'builtin',
    note: `ALBERT_BLAS=openblas but OpenBLAS is not usable: ${missing}; building with the built-in GEMM`,
  };
}

/** The albert_blas value the current build/ was configured with (null when unknown). */
function configuredBlas() {
  try {
    return /"albert_blas":\s*"(\w+)"/.exec(readFileSync(configGypi, 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

// --- sources, lock, node-gyp ----------------------------------------------------------------

function newestIn(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestIn(p) : statSync(p).mtimeMs);
  }
  return t;
}
function newestSource() {
  return Math.max(statSync(join(pkgDir, 'binding.gyp')).mtimeMs, newestIn(join(pkgDir, 'native')));
}

// Two builds of this package at once (e.g. a repo-wide build while the package's own runs)
// would share build/: take a lock directory, waiting for the other build.
const lockDir = join(pkgDir, '.native-build.lock');
function lock() {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      return;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > 15 * 60_000)
          rmSync(lockDir, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error('timed out waiting for another native build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
}
function unlock() {
  rmSync(lockDir, { recursive: true, force: true });
}

function findNodeGyp() {
  const candidates = [];
  try {
    candidates.push(createRequire(join(pkgDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js'));
  } catch {}
  if (process.env.npm_config_node_gyp) candidates.push(process.env.npm_config_node_gyp);
  const prefix = dirname(dirname(process.execPath));
  candidates.push(
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  );
  candidates.push(join(prefix, 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
  return candidates.find((c) => c && existsSync(c)) ?? null;
}

/** Loads an addon file in a child process; returns its info() or the first error line. */
function probeAddon(file) {
  const r = spawnSync(
    process.execPath,
    ['-e', `console.log(JSON.stringify(require(${JSON.stringify(file)}).info()))`],
    { encoding: 'utf8' },
  );
  if (r.status === 0) {
    try {
      return { info: JSON.parse(r.stdout.trim().split('\n').pop()) };
    } catch {}
  }
  return { error: (r.stderr || '').split('\n').find((l) => l.trim()) ?? `exit ${r.status ?? r.signal}` };
}

function upToDate() {
  return (
    existsSync(addonPath) && statSync(addonPath).mtimeMs >= newestSource() && configuredBlas() === blas.chosen
  );
}

// --- prebuilds (the prebuildify / node-gyp-build layout) --------------------------------------

function libc() {
  if (process.platform !== 'linux') return null;
  const report = process.report?.getReport?.();
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** Addon files in prebuilds/<platform>-<arch>/ this process may load, preferred first. */
function prebuildCandidates() {
  const dir = join(pkgDir, 'prebuilds', `${process.platform}-${process.arch}`);
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const c = libc();
  const ok = (n) => {
    const m = /^(albert_native|node)(\.napi)?(?:\.(glibc|musl))?\.node$/.exec(n);
    return m && (m[1] === 'albert_native' || m[2]) && (!m[3] || m[3] === c);
  };
  const rank = (n) => (n === 'albert_native.node' ? 0 : n.includes(`.${c}.`) ? 2 : 1);
  return names
    .filter(ok)
    .sort((a, b) => rank(a) - rank(b))
    .map((n) => join(dir, n));
}

/** --install: true when a matching prebuild loads here (nothing to compile). */
function usePrebuild() {
  if (/^(1|true)$/i.test(process.env.npm_config_build_from_source ?? '')) return false;
  if (blas.requested !== 'builtin') return false; // prebuilds are builtin; ALBERT_BLAS asks for a build
  for (const file of prebuildCandidates()) {
    const p = probeAddon(file);
    if (p.info) {
      record({ ok: true, reason: null, source: 'prebuild', addon: relative(pkgDir, file), info: p.info });
      log(
        `using the prebuilt addon ${relative(pkgDir, file)} (${JSON.stringify(p.info)}); nothing to compile`,
      );
      return true;
    }
    warn(`prebuilt ${relative(pkgDir, file)} does not load here (${p.error}); compiling instead`);
  }
  return false;
}

// --- main ----------------------------------------------------------------------------------

function main() {
  if (args.has('--install') && existsSync(join(pkgDir, '..', '..', 'pnpm-workspace.yaml'))) {
    log('inside the albert-ts workspace; `pnpm build` compiles the addon');
    return;
  }
  rmSync(legacyStatusPath, { force: true });
  if (process.env.ALBERT_NATIVE_BUILD === '0') {
    record({ ok: false, reason: 'build skipped (ALBERT_NATIVE_BUILD=0)' });
    log('build skipped (ALBERT_NATIVE_BUILD=0)');
    return;
  }
  blas = chooseBlas();
  if (blas.note) log(blas.note);
  if (args.has('--install') && !existsSync(addonPath) && usePrebuild()) return;
  const fresh = () => {
    if (args.has('--force') || !upToDate()) return false;
    const p = probeAddon(addonPath);
    if (!p.info) return false;
    record({ ok: true, reason: null, source: 'build', upToDate: true, info: p.info });
    return true;
  };
  if (fresh()) {
    log('addon up to date');
    return;
  }
  lock();
  try {
    if (fresh()) {
      log('addon up to date (built by a concurrent build)');
      return;
    }
    if (!compile() && blas.chosen !== 'builtin') {
      const failed = blas.chosen;
      blas = { ...blas, chosen: 'builtin', note: `the ${failed} build failed; built with the built-in GEMM` };
      log(`building with ${failed} failed; retrying with the built-in GEMM`);
      compile();
    }
  } finally {
    unlock();
  }
}

/** Configures (when needed) and builds; records the outcome; true when the addon loads. */
function compile() {
  const gyp = findNodeGyp();
  if (!gyp) {
    record({ ok: false, reason: 'node-gyp not found' });
    warn('node-gyp not found; the wasm backend will run without native kernels');
    return false;
  }
  const common = [];
  // Use the headers installed next to this node when present (no download).
  const nodeDir = dirname(dirname(process.execPath));
  if (
    existsSync(join(nodeDir, 'include', 'node', 'node_api.h')) &&
    existsSync(join(nodeDir, 'include', 'node', 'common.gypi'))
  ) {
    common.push(`--nodedir=${nodeDir}`);
  }
  const started = Date.now();
  // Configure only when needed, then build incrementally: `rebuild` would delete the working
  // addon first, under the feet of anything using it meanwhile. node-gyp 11 turns an unknown
  // `--name=value` option into a gyp variable (stored in build/config.gypi, which tells us later
  // what BLAS build/ was configured for); `configure -- -Dname=value` would work too.
  const needConfigure =
    args.has('--force') ||
    !existsSync(configGypi) ||
    statSync(join(pkgDir, 'binding.gyp')).mtimeMs > statSync(configGypi).mtimeMs ||
    configuredBlas() !== blas.chosen;
  // --force recompiles every object (make alone would keep those whose command did not change).
  if (args.has('--force'))
    rmSync(join(pkgDir, 'build', 'Release', 'obj.target'), { recursive: true, force: true });
  let r = { status: 0, stdout: '', stderr: '' };
  if (needConfigure)
    r = spawnSync(process.execPath, [gyp, 'configure', ...common, `--albert_blas=${blas.chosen}`], {
      cwd: pkgDir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  if (r.status === 0) {
    r = spawnSync(process.execPath, [gyp, 'build', '--jobs=max', ...common], {
      cwd: pkgDir,
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
  }
  const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.status !== 0 || !existsSync(addonPath)) {
    const tail = out
      .split('\n')
      .filter((l) => /error|not found|cannot|No such/i.test(l))
      .slice(-6)
      .join(' | ');
    record({
      ok: false,
      reason: `node-gyp failed (exit ${r.status ?? r.signal}): ${tail || r.error?.message || 'see build log'}`,
    });
    warn(`native build failed; the wasm backend will run without native kernels.\n${tail}`);
    return false;
  }
  return loaded(started);
}

/** Loads the fresh addon once in a child (a missing shared library shows here) and records it. */
function loaded(started) {
  const p = probeAddon(addonPath);
  if (!p.info) {
    record({ ok: false, reason: `addon built but does not load: ${p.error}` });
    warn(`addon built but does not load: ${p.error}`);
    return false;
  }
  const seconds = (Date.now() - started) / 1000;
  record({ ok: true, reason: null, source: 'build', seconds, info: p.info });
  log(`addon built in ${seconds.toFixed(1)} s with BLAS ${blas.chosen} (${JSON.stringify(p.info)})`);
  return true;
}

/** Copies the built addon to prebuilds/<platform>-<arch>/ (scripts/prebuild.mjs). */
export function copyPrebuild(info) {
  const dir = join(pkgDir, 'prebuilds', `${process.platform}-${process.arch}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'albert_native.node');
  copyFileSync(addonPath, file);
  const napiTarget = /NAPI_VERSION=(\d+)/.exec(readFileSync(join(pkgDir, 'binding.gyp'), 'utf8'))?.[1];
  const meta = {
    napiVersion: napiTarget ? Number(napiTarget) : null,
    builtWithNodeApi: Number(process.versions.napi),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    libc: libc(),
    blas: info?.blas ?? null,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(join(dir, 'albert_native.json'), `${JSON.stringify(meta, null, 2)}\n`);
  return { file, meta };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main();
  } catch (e) {
    try {
      record({ ok: false, reason: `build script error: ${e?.message ?? e}` });
    } catch {}
    warn(`${e?.message ?? e}`);
  }
}
