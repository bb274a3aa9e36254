import { existsSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GlobalOptions } from '../program.js';
import type { Output } from '../util/output.js';
import type { BackendStatus } from './backend.js';

/**
 * How many times longer an ALBERT training step takes on stock tfjs-wasm than with the native
 * kernels, since core's stock-wasm products materialise their transposes
 * (packages/core/src/kernels/mat-mul-layout.ts): the training bench re-run 2026-12-06 20:06 UTC
 * (`node packages/backend-native/bench/train.mjs --wasm-rounds 3`, result
 * packages/backend-native/bench/results/train-albert-train-bench.json; H 256, 4 layers, batch
 * 8 × 128, AdamW): stock wasm with core's op choice 1676 ms/step vs albert-ts native as core is
 * (2 threads) 124 ms/step, 13.5×. The demo's own probe (its smaller model, batch 32 × 32, quiet
 * machine, apps/cli/scripts/speed-probe.mjs) measured 185 vs 22 ms, 8.4×. Before that change it
 * was 68× (14634 vs 214 ms/step, issue 6 run). Update it when the benchmark is re-run.
 */
export const STOCK_WASM_TRAINING_SLOWDOWN = 13;

/** What `albert demo|pretrain|finetune` say before any work when the native kernels are not in use. */
export interface NativeWarning {
  /** One-line headline, e.g. "native kernels are not in use: training runs about 13× slower". */
  title: string;
  /** Why, in words (never a compiler log line). */
  reason: string;
  /** The one command (or change) that fixes it. */
  fix: string;
  /** Slowdown factor quoted in the title (STOCK_WASM_TRAINING_SLOWDOWN on wasm). */
  slowdown: number;
}

export interface WarningContext {
  /** The `--backend` the user asked for, if any. */
  requestedBackend?: string | undefined;
  /** True inside the albert-ts workspace (fix with pnpm), false for an installed package (npm). */
  workspace: boolean;
}

const TOOLCHAIN = 'it needs only a C++ toolchain: g++, make and python3 (no OpenBLAS)';

/** True when the reason says the user turned the native kernels off (ALBERT_NATIVE=0, --no-native). */
export function nativeTurnedOff(reason: string | undefined): boolean {
  return /native kernels disabled|disabled by ALBERT_NATIVE=0/i.test(reason ?? '');
}

/**
 * The raw reason of setupBackend() (which may carry node-gyp or dlopen output) told in words. Each
 * case matches the messages of @albert-ts/core's setupBackend and @albert-ts/backend-native's
 * loader and build script; anything else gets a generic sentence rather than the raw text.
 */
export function reasonInWords(reason: string | undefined): string {
  const r = reason ?? '';
  if (nativeTurnedOff(r)) return 'they are turned off (ALBERT_NATIVE=0 or --no-native)';
  if (/backend-native not available|cannot find (module|package)/i.test(r))
    return 'the @albert-ts/backend-native package is not installed';
  if (/build skipped/i.test(r))
    return 'the native addon was never compiled (its build was skipped with ALBERT_NATIVE_BUILD=0)';
  if (/node-gyp not found/i.test(r))
    return 'the native addon was never compiled: node-gyp was not found when the package was built';
  if (/node-gyp failed|build script error/i.test(r))
    return 'the native addon failed to compile when the package was built (usually a missing C++ compiler, make or python3)';
  if (/does not load|failed to load/i.test(r))
    return 'the native addon is built but does not load here (built for another Node.js version or machine)';
  if (/not built/i.test(r)) return 'the native addon has not been compiled on this machine';
  return 'the native kernels did not load';
}

/** The command that builds the native kernels where this CLI runs. */
export function fixCommand(reason: string | undefined, workspace: boolean): string {
  if (nativeTurnedOff(reason))
    return (
      'run without ALBERT_NATIVE=0 and --no-native (if they are not built yet: ' +
      `${workspace ? 'pnpm --filter @albert-ts/backend-native build' : 'npm rebuild @albert-ts/backend-native'})`
    );
  if (!workspace && /backend-native not available|cannot find (module|package)/i.test(reason ?? ''))
    return `npm install @albert-ts/backend-native (${TOOLCHAIN})`;
  return `${workspace ? 'pnpm --filter @albert-ts/backend-native build' : 'npm rebuild @albert-ts/backend-native'} (${TOOLCHAIN})`;
}

/**
 * The warning for this back end, or null when there is nothing to say: the native kernels are
 * active, or the user chose a back end other than wasm (`--backend cpu` is a deliberate choice; the
 * native kernels exist only for wasm). A silent fallback from wasm to cpu is warned about.
 */
export function nativeWarning(b: BackendStatus, ctx: WarningContext): NativeWarning | null {
  if (b.native) return null;
  if (ctx.requestedBackend && ctx.requestedBackend !== 'wasm') return null;
  if (b.backend !== 'wasm') {
    return {
      title: `the wasm back end did not start: running on ${b.backend}, far slower than stock wasm and about ${STOCK_WASM_TRAINING_SLOWDOWN}× or more slower than the native kernels`,
      reason: 'the @tensorflow/tfjs-backend-wasm package could not be loaded',
      fix: ctx.workspace ? 'pnpm install' : 'npm install @tensorflow/tfjs-backend-wasm',
      slowdown: STOCK_WASM_TRAINING_SLOWDOWN,
    };
  }
  return {
    title: `native kernels are not in use: a training step runs about ${STOCK_WASM_TRAINING_SLOWDOWN}× slower on stock wasm`,
    reason: reasonInWords(b.reason),
    fix: fixCommand(b.reason, ctx.workspace),
    slowdown: STOCK_WASM_TRAINING_SLOWDOWN,
  };
}

/** The warning as the lines printed on stderr. */
export function warningLines(w: NativeWarning): string[] {
  return [`warning: ${w.title}.`, `  why: ${w.reason}.`, `  fix: ${w.fix}`];
}

/**
 * Whether this CLI runs from the albert-ts workspace (a folder above it holds pnpm-workspace.yaml
 * and packages/backend-native) rather than from an installed package (a node_modules folder
 * comes first on the way up).
 */
export function inWorkspace(from: string = dirname(fileURLToPath(import.meta.url))): boolean {
  let dir = from;
  for (;;) {
    if (dir.split(sep).at(-1) === 'node_modules') return false;
    if (
      existsSync(join(dir, 'pnpm-workspace.yaml')) &&
      existsSync(join(dir, 'packages', 'backend-native', 'package.json'))
    )
      return true;
    const up = dirname(dir);
    if (up === dir) return false;
    dir = up;
  }
}

/**
 * Prints the warning (if any) on stderr before a command starts working. Not subject to --quiet:
 * a run that will take ~70× longer than it should is not a log line. With --json it is also a
 * `warning` event on stdout, for consumers that read only that stream.
 */
export function announceNativeWarning(
  b: BackendStatus,
  globals: Pick<GlobalOptions, 'backend'>,
  out: Output,
  stderr: NodeJS.WritableStream,
): NativeWarning | null {
  const w = nativeWarning(b, { requestedBackend: globals.backend, workspace: inWorkspace() });
  if (!w) return null;
  stderr.write(`${warningLines(w).join('\n')}\n`);
  if (out.json) out.event('warning', { warning: 'native-kernels', ...w });
  return w;
}

/** The back end in words for a report header (no raw loader or compiler text). */
export function backendInWords(b: BackendStatus): string {
  if (b.native) return `${b.backend} + native kernels`;
  if (b.backend !== 'wasm')
    return `${b.backend} (${b.reason ? 'the wasm back end did not start' : 'chosen'})`;
  return `wasm, stock kernels (native kernels not in use: ${reasonInWords(b.reason)})`;
}
