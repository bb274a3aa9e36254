import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the addon's `info()` returns. `path`, `pathRequested` and `cpu` come from builds with the
 * run-time CPU dispatch; an older build leaves them undefined.
 */
export interface NativeAddonInfo {
  /** Threads of the addon's pool. */
  threads: number;
  /** The GEMM it was built with: 'builtin', 'openblas' or 'accelerate'. */
  blas: string;
  /** The BLAS library's own configuration string (or the built-in GEMM's). */
  blasConfig: string;
  /** Kernel path chosen at run time: 'avx512', 'avx2', 'baseline' or 'neon'. */
  path?: string;
  /** What ALBERT_CPU asked for ('auto' when unset). */
  pathRequested?: string;
  /** Why ALBERT_CPU could not be honoured (absent when it was, or when unset). */
  pathNote?: string;
  /** The CPU model string. */
  cpu?: string;
  /** The CPU features the dispatch looked at that are present (e.g. 'avx2 fma avx512f'). */
  cpuFeatures?: string;
}

/** Functions of the compiled addon (native/*.cc). Offsets are bytes on the wasm heap. */
export interface NativeAddon {
  info(): NativeAddonInfo;
  setThreads(n: number): number;
  /** Median GFLOP/s of an m×k · k×n sgemm; `blasThreads` uses BLAS's own threading. */
  sgemmBench(m: number, n: number, k: number, iters: number, blasThreads: boolean): number;
  /** `packed`: this B as packB left it (optional; the GEMM packs B itself without it). */
  gemm(
    heap: Uint8Array,
    params: Float64Array,
    aIndex?: Int32Array,
    bIndex?: Int32Array,
    packed?: Float32Array,
  ): void;
  /** Floats a packB output needs for a k × n B; 0 when the build's GEMM takes no packed B. Absent in older builds. */
  packedBLength?(k: number, n: number): number;
  /** Packs op(B) (PackBArg) into `out` for later gemm calls. Absent in older builds. */
  packB?(heap: Uint8Array, params: Float64Array, out: Float32Array): void;
  unary(heap: Uint8Array, params: Float64Array): void;
  geluGrad(heap: Uint8Array, params: Float64Array): void;
  binary(heap: Uint8Array, params: Float64Array): void;
  reduce(heap: Uint8Array, params: Float64Array): void;
  softmax(heap: Uint8Array, params: Float64Array): void;
  transpose(heap: Uint8Array, params: Float64Array): void;
  layerNorm(heap: Uint8Array, params: Float64Array): void;
  layerNormGrad(heap: Uint8Array, params: Float64Array): void;
  attention(heap: Uint8Array, params: Float64Array): void;
  attentionGrad(heap: Uint8Array, params: Float64Array): void;
  adamw(heap: Uint8Array, params: Float64Array): void;
  gather(heap: Uint8Array, params: Float64Array): void;
  /** Returns the number of rows counted (labels not ignored). */
  xent(heap: Uint8Array, params: Float64Array): number;
  xentGrad(heap: Uint8Array, params: Float64Array): void;
}

/** Where a loaded addon came from: a local build (build/Release, build/Debug) or a prebuild. */
export type AddonSource = 'build' | 'prebuild';

export type AddonLoad =
  | { addon: NativeAddon; file: string; source: AddonSource; reason?: undefined }
  | { addon: null; reason: string; file?: undefined; source?: undefined };

/** Where to look for the addon (tests point it at other package layouts). */
export interface AddonSearch {
  /** The package folder (default: this package). */
  pkgDir?: string;
  platform?: string;
  arch?: string;
}

let cached: AddonLoad | undefined;

const PKG_DIR = fileURLToPath(new URL('..', import.meta.url));
const ADDON = 'albert_native.node';

function glibcOrMusl(): string | null {
  const p = process as { report?: { getReport?: () => unknown } };
  const header = (p.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined)
    ?.header;
  return header ? (header.glibcVersionRuntime ? 'glibc' : 'musl') : null;
}

/**
 * Addon files of a package folder, in the order node-gyp-build tries them: a local build from
 * source first (build/Release, then build/Debug), then prebuilds/<platform>-<arch>/, where
 * `albert_native.node` (what `build:prebuild` writes) comes before prebuildify's names
 * (`node.napi.node`, `albert_native.napi.node`, optionally tagged `.glibc`/`.musl`).
 */
export function addonCandidates(opts: AddonSearch = {}): { file: string; source: AddonSource }[] {
  const pkgDir = opts.pkgDir ?? PKG_DIR;
  const out: { file: string; source: AddonSource }[] = [];
  for (const config of ['Release', 'Debug']) {
    const file = join(pkgDir, 'build', config, ADDON);
    if (existsSync(file)) out.push({ file, source: 'build' });
  }
  const dir = join(pkgDir, 'prebuilds', `${opts.platform ?? process.platform}-${opts.arch ?? process.arch}`);
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {}
  let libc: string | null | undefined;
  const picked = names.filter((n) => {
    const m = /^(albert_native|node)(\.napi)?(?:\.(glibc|musl))?\.node$/.exec(n);
    if (!m || (m[1] === 'node' && !m[2])) return false;
    if (!m[3]) return true;
    libc ??= glibcOrMusl();
    return m[3] === libc;
  });
  const rank = (n: string) => (n === ADDON ? 0 : /\.(glibc|musl)\.node$/.test(n) ? 2 : 1);
  picked.sort((a, b) => rank(a) - rank(b));
  for (const n of picked) out.push({ file: join(dir, n), source: 'prebuild' });
  return out;
}

interface BuildReport {
  ok?: boolean;
  reason?: string | null;
  node?: string;
  platform?: string;
  arch?: string;
  writtenAtMs?: number;
}

const nodeMajor = (v: string | undefined) => /^v?(\d+)\./.exec(v ?? '')?.[1];

/**
 * The failure recorded by native/build.mjs in build/native-build.json, when that report belongs
 * to this install: written on this platform and architecture by this Node major (a package
 * folder copied from another machine, or a store entry built by another Node, carries someone
 * else's report) and not older than the addon file it would explain.
 */
export function buildFailure(pkgDir: string = PKG_DIR, addonFile?: string): string | null {
  try {
    const file = join(pkgDir, 'build', 'native-build.json');
    if (!existsSync(file)) return null;
    const s = JSON.parse(readFileSync(file, 'utf8')) as BuildReport;
    if (s.ok !== false) return null;
    if (s.platform !== process.platform || s.arch !== process.arch) return null;
    if (nodeMajor(s.node) !== nodeMajor(process.version)) return null;
    if (addonFile && existsSync(addonFile) && (s.writtenAtMs ?? 0) < statSync(addonFile).mtimeMs) return null;
    return s.reason ?? 'the native build failed';
  } catch {
    return null;
  }
}

/**
 * Loads the addon from a package folder without caching: the first candidate of
 * addonCandidates() that loads wins (a local build that cannot load, e.g. one linked against a
 * library missing here, falls through to a prebuild). Never throws.
 */
export function loadAddonFrom(opts: AddonSearch = {}): AddonLoad {
  const pkgDir = opts.pkgDir ?? PKG_DIR;
  const candidates = addonCandidates(opts);
  const platformArch = `${opts.platform ?? process.platform}-${opts.arch ?? process.arch}`;
  if (candidates.length === 0) {
    const why = buildFailure(pkgDir);
    return {
      addon: null,
      reason: why
        ? `native addon not built: ${why}`
        : `native addon not built (no build/Release/${ADDON} and no prebuild for ${platformArch} in prebuilds/; run the package build)`,
    };
  }
  const require = createRequire(import.meta.url);
  const errors: string[] = [];
  for (const { file, source } of candidates) {
    try {
      return { addon: require(file) as NativeAddon, file, source };
    } catch (e) {
      const msg = (e as Error).message.split('\n')[0];
      errors.push(msg.includes(file) ? msg : `${relative(pkgDir, file)}: ${msg}`);
    }
  }
  const why = buildFailure(pkgDir, candidates[0].file);
  return {
    addon: null,
    reason: `native addon failed to load: ${errors.join('; ')}${why ? ` (the last build failed: ${why})` : ''}`,
  };
}

/** Loads this package's addon once; never throws (a missing or broken build gives the reason). */
export function loadAddon(): AddonLoad {
  cached ??= loadAddonFrom();
  return cached;
}
