import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  announceNativeWarning,
  backendInWords,
  inWorkspace,
  nativeWarning,
  reasonInWords,
  STOCK_WASM_TRAINING_SLOWDOWN,
  warningLines,
} from '../src/lib/native-warning.js';
import { Output } from '../src/util/output.js';

const WS = { workspace: true };
const NODE_GYP =
  'native kernels not loaded: native addon not built: node-gyp failed (exit 1): gyp ERR! stack Error: not found: make | make: g++: No such file or directory';

function sink(): NodeJS.WritableStream & { text: () => string } {
  let buf = '';
  return {
    write(chunk: string) {
      buf += chunk;
      return true;
    },
    text: () => buf,
  } as unknown as NodeJS.WritableStream & { text: () => string };
}

describe('nativeWarning: when to warn', () => {
  it('says nothing when the native kernels are active', () => {
    expect(nativeWarning({ backend: 'wasm', native: true }, WS)).toBeNull();
  });

  it('says nothing when the user chose a back end other than wasm', () => {
    expect(nativeWarning({ backend: 'cpu', native: false }, { ...WS, requestedBackend: 'cpu' })).toBeNull();
  });

  it('warns on stock wasm, also when wasm was asked for explicitly', () => {
    for (const requestedBackend of [undefined, 'wasm']) {
      const w = nativeWarning(
        { backend: 'wasm', native: false, reason: NODE_GYP },
        { ...WS, requestedBackend },
      );
      expect(w?.slowdown).toBe(STOCK_WASM_TRAINING_SLOWDOWN);
    }
  });

  it('warns when wasm did not start and cpu was a silent fallback', () => {
    const w = nativeWarning({ backend: 'cpu', native: false, reason: 'wasm backend unavailable: x' }, WS);
    expect(w?.title).toMatch(/running on cpu/);
  });
});

describe('nativeWarning: what it says', () => {
  it('gives the cost, the reason in words (no compiler log) and the workspace fix', () => {
    const w = nativeWarning({ backend: 'wasm', native: false, reason: NODE_GYP }, WS)!;
    expect(w.title).toContain(`${STOCK_WASM_TRAINING_SLOWDOWN}× slower`);
    expect(w.reason).toMatch(/failed to compile/);
    expect(w.fix).toMatch(/^pnpm --filter @albert-ts\/backend-native build/);
    expect(w.fix).toMatch(/g\+\+, make and python3 \(no OpenBLAS\)/);
    const text = warningLines(w).join('\n');
    expect(text).not.toMatch(/gyp|ERR!|No such file|exit 1/);
  });

  it('names npm rebuild for an installed package', () => {
    const w = nativeWarning({ backend: 'wasm', native: false, reason: NODE_GYP }, { workspace: false })!;
    expect(w.fix).toMatch(/^npm rebuild @albert-ts\/backend-native/);
  });

  it('tells a deliberate ALBERT_NATIVE=0 / --no-native apart from a failed build', () => {
    const w = nativeWarning({ backend: 'wasm', native: false, reason: 'native kernels disabled' }, WS)!;
    expect(w.reason).toMatch(/turned off/);
    expect(w.fix).toMatch(/run without ALBERT_NATIVE=0 and --no-native/);
  });

  it.each([
    ['@albert-ts/backend-native not available: Cannot find package', /not installed/],
    ['native kernels not loaded: native addon not built: build skipped (ALBERT_NATIVE_BUILD=0)', /skipped/],
    ['native kernels not loaded: native addon not built: node-gyp not found', /node-gyp was not found/],
    ['native kernels not loaded: native addon failed to load: x.node: invalid ELF header', /does not load/],
    ['native kernels not loaded: native addon not built (no build/Release/…)', /not been compiled/],
    ['something new', /did not load/],
  ])('reason %s', (raw, words) => {
    expect(reasonInWords(raw)).toMatch(words);
    expect(reasonInWords(raw)).not.toContain(raw);
  });

  it('describes the back end in words for report headers', () => {
    expect(backendInWords({ backend: 'wasm', native: false, reason: NODE_GYP })).toBe(
      'wasm, stock kernels (native kernels not in use: the native addon failed to compile when the package was built (usually a missing C++ compiler, make or python3))',
    );
    expect(backendInWords({ backend: 'wasm', native: true })).toBe('wasm + native kernels');
  });
});

describe('announceNativeWarning', () => {
  it('prints on stderr even with --quiet, and adds a JSON event with --json', () => {
    const err = sink();
    const out = sink();
    const b = { backend: 'wasm', native: false, reason: NODE_GYP };
    announceNativeWarning(b, {}, new Output({ quiet: true, stdout: out, stderr: err }), err);
    expect(err.text()).toMatch(/^warning: native kernels are not in use/);
    expect(err.text()).toMatch(/\n {2}why: .*\n {2}fix: /);
    expect(out.text()).toBe('');
    const jsonOut = sink();
    announceNativeWarning(b, {}, new Output({ json: true, stdout: jsonOut, stderr: sink() }), sink());
    expect(JSON.parse(jsonOut.text())).toMatchObject({ event: 'warning', warning: 'native-kernels' });
  });

  it('prints nothing when native kernels are active', () => {
    const err = sink();
    expect(
      announceNativeWarning({ backend: 'wasm', native: true }, {}, new Output({ stderr: err }), err),
    ).toBeNull();
    expect(err.text()).toBe('');
  });
});

describe('inWorkspace', () => {
  it('finds the albert-ts workspace above a folder, and not past a node_modules folder', () => {
    const root = mkdtempSync(join(tmpdir(), 'albert-ws-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    mkdirSync(join(root, 'packages', 'backend-native'), { recursive: true });
    writeFileSync(join(root, 'packages', 'backend-native', 'package.json'), '{}');
    const cli = join(root, 'apps', 'cli', 'dist', 'lib');
    mkdirSync(cli, { recursive: true });
    expect(inWorkspace(cli)).toBe(true);
    const installed = join(root, 'node_modules', '@albert-ts', 'cli', 'dist', 'lib');
    mkdirSync(installed, { recursive: true });
    expect(inWorkspace(installed)).toBe(false);
  });
});
