import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addonCandidates, buildFailure, loadAddonFrom } from '../src/addon.js';

// Where the addon comes from: a local build (build/Release) wins, then a prebuilt binary in
// prebuilds/<platform>-<arch>/ (the prebuildify / node-gyp-build layout); with neither, the
// reason says so. The `install` script uses a matching prebuild instead of compiling. A build
// report belongs to the install that wrote it, and none is ever packed.

const pkg = fileURLToPath(new URL('..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'albert-native-loader-'));
const here = `${process.platform}-${process.arch}`;
const built = join(pkg, 'build', 'Release', 'albert_native.node');

/**
 * A loadable addon file: this package's build, or (where it is not built) a minimal Node-API
 * module compiled here that exports info(). Null when neither is possible.
 */
function loadableAddon(): string | null {
  if (existsSync(built)) {
    const copy = join(tmp, 'real.node');
    cpSync(built, copy);
    return copy;
  }
  const inc = join(dirname(dirname(process.execPath)), 'include', 'node');
  if (!existsSync(join(inc, 'node_api.h'))) return null;
  const src = join(tmp, 'stub.c');
  writeFileSync(
    src,
    `#include <node_api.h>
static napi_value Info(napi_env env, napi_callback_info i) {
  napi_value o, v; napi_create_object(env, &o);
  napi_create_string_utf8(env, "stub", NAPI_AUTO_LENGTH, &v); napi_set_named_property(env, o, "blas", v);
  napi_create_int32(env, 1, &v); napi_set_named_property(env, o, "threads", v);
  return o;
}
NAPI_MODULE_INIT() {
  napi_value f; napi_create_function(env, "info", NAPI_AUTO_LENGTH, Info, NULL, &f);
  napi_set_named_property(env, exports, "info", f); return exports;
}
`,
  );
  const out = join(tmp, 'stub.node');
  const flags = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  const r = spawnSync(process.env.CC || 'cc', ['-shared', '-fPIC', `-I${inc}`, ...flags, src, '-o', out]);
  return r.status === 0 ? out : null;
}

const addonFile = loadableAddon();
const garbage = Buffer.from('not a shared object\n');

let n = 0;
/** A package folder with the given files (path → content, or the loadable addon). */
function layout(files: Record<string, Buffer | string | 'ADDON'>): string {
  const dir = join(tmp, `pkg${n++}`);
  mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    if (content === 'ADDON') cpSync(addonFile!, join(dir, rel));
    else writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const report = (over: Record<string, unknown>) =>
  JSON.stringify({
    ok: false,
    reason: 'node-gyp failed (exit 1): no compiler',
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    writtenAtMs: Date.now(),
    ...over,
  });

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('addon loader', () => {
  it.skipIf(!addonFile)('loads a matching prebuild when there is no local build', () => {
    const dir = layout({ [`prebuilds/${here}/albert_native.node`]: 'ADDON' });
    const load = loadAddonFrom({ pkgDir: dir });
    expect(load.reason).toBeUndefined();
    expect(load.source).toBe('prebuild');
    expect(load.file).toBe(join(dir, 'prebuilds', here, 'albert_native.node'));
    expect(load.addon!.info()).toMatchObject({ threads: expect.any(Number), blas: expect.any(String) });
  });

  it.skipIf(!addonFile)('prefers a local build to a prebuild (as node-gyp-build does)', () => {
    const dir = layout({
      'build/Release/albert_native.node': 'ADDON',
      [`prebuilds/${here}/albert_native.node`]: 'ADDON',
    });
    expect(addonCandidates({ pkgDir: dir }).map((c) => c.source)).toEqual(['build', 'prebuild']);
    const load = loadAddonFrom({ pkgDir: dir });
    expect(load.source).toBe('build');
    expect(load.file).toBe(join(dir, 'build', 'Release', 'albert_native.node'));
  });

  it.skipIf(!addonFile)('falls through to the prebuild when the local build cannot load', () => {
    const dir = layout({
      'build/Release/albert_native.node': garbage,
      [`prebuilds/${here}/albert_native.node`]: 'ADDON',
    });
    const load = loadAddonFrom({ pkgDir: dir });
    expect(load.source).toBe('prebuild');
  });

  it.skipIf(!addonFile)(
    "accepts node-gyp-build's file names (node.napi.node, albert_native.napi.node)",
    () => {
      for (const name of ['node.napi.node', 'albert_native.napi.node']) {
        const dir = layout({ [`prebuilds/${here}/${name}`]: 'ADDON' });
        const load = loadAddonFrom({ pkgDir: dir });
        expect(load.file).toBe(join(dir, 'prebuilds', here, name));
      }
      // ABI-specific builds (node.abi115.node) and other platforms are never picked
      const dir = layout({
        [`prebuilds/${here}/node.abi115.node`]: 'ADDON',
        'prebuilds/aix-ppc64/albert_native.node': 'ADDON',
      });
      expect(addonCandidates({ pkgDir: dir })).toEqual([]);
    },
  );

  it('order: build/Release, build/Debug, then prebuilds (albert_native.node first)', () => {
    const dir = layout({
      [`prebuilds/${here}/node.napi.node`]: garbage,
      [`prebuilds/${here}/albert_native.node`]: garbage,
      'build/Debug/albert_native.node': garbage,
      'build/Release/albert_native.node': garbage,
    });
    expect(addonCandidates({ pkgDir: dir }).map((c) => c.file.slice(dir.length + 1))).toEqual([
      join('build', 'Release', 'albert_native.node'),
      join('build', 'Debug', 'albert_native.node'),
      join('prebuilds', here, 'albert_native.node'),
      join('prebuilds', here, 'node.napi.node'),
    ]);
    // the platform and architecture are those asked for
    expect(
      addonCandidates({
        pkgDir: layout({ 'prebuilds/win32-arm64/node.napi.node': garbage }),
        platform: 'win32',
        arch: 'arm64',
      }),
    ).toHaveLength(1);
    // none loads: every failure is in the reason
    const load = loadAddonFrom({ pkgDir: dir });
    expect(load.addon).toBeNull();
    expect(load.reason).toMatch(
      /^native addon failed to load: .*build[\\/]Release[\\/]albert_native\.node.*node\.napi\.node/,
    );
  });

  it('with neither a build nor a prebuild, says so clearly', () => {
    const dir = layout({ 'prebuilds/aix-ppc64/albert_native.node': garbage });
    const load = loadAddonFrom({ pkgDir: dir });
    expect(load.addon).toBeNull();
    expect(load.reason).toBe(
      `native addon not built (no build/Release/albert_native.node and no prebuild for ${here} in prebuilds/; run the package build)`,
    );
  });

  it('uses a build report only when it belongs to this install', () => {
    const reason = /^native addon not built: node-gyp failed \(exit 1\): no compiler$/;
    expect(loadAddonFrom({ pkgDir: layout({ 'build/native-build.json': report({}) }) }).reason).toMatch(
      reason,
    );
    // another machine's report (other arch / platform / Node major), or an ok one: ignored
    for (const over of [
      { arch: 'mips' },
      { platform: 'aix' },
      { node: 'v1.2.3' },
      { ok: true, reason: null },
    ]) {
      const dir = layout({ 'build/native-build.json': report(over) });
      expect(buildFailure(dir)).toBeNull();
      expect(loadAddonFrom({ pkgDir: dir }).reason).toMatch(/^native addon not built \(no build\/Release/);
    }
    // a report older than the addon file describes an earlier build: ignored
    const dir = layout({
      'build/native-build.json': report({ writtenAtMs: Date.now() - 60_000 }),
      'build/Release/albert_native.node': garbage,
    });
    expect(buildFailure(dir, join(dir, 'build', 'Release', 'albert_native.node'))).toBeNull();
    expect(loadAddonFrom({ pkgDir: dir }).reason).not.toMatch(/last build failed/);
    const newer = layout({
      'build/Release/albert_native.node': garbage,
      'build/native-build.json': report({}),
    });
    const old = new Date(Date.now() - 120_000);
    utimesSync(join(newer, 'build', 'Release', 'albert_native.node'), old, old);
    expect(loadAddonFrom({ pkgDir: newer }).reason).toMatch(/\(the last build failed: node-gyp failed/);
    // the report of older versions, in dist/ (packed, so possibly another machine's): never read
    expect(loadAddonFrom({ pkgDir: layout({ 'dist/native-build.json': report({}) }) }).reason).toMatch(
      /not built \(no build/,
    );
  });
});

describe('install script and packing', () => {
  /** A copy of what a tarball installs (package.json, dist, native, binding.gyp) plus extras. */
  function installLayout(extra: Record<string, Buffer | string | 'ADDON'>): string {
    const dir = layout(extra);
    for (const f of ['package.json', 'binding.gyp', 'native', 'dist', 'README.md'])
      cpSync(join(pkg, f), join(dir, f), { recursive: true });
    symlinkSync(join(pkg, 'node_modules'), join(dir, 'node_modules'));
    return dir;
  }
  const install = (dir: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ['native/build.mjs', '--install'], {
      cwd: dir,
      encoding: 'utf8',
      // a compiler that always fails: a compile attempt shows as a failed build
      env: { ...process.env, CC: '/bin/false', CXX: '/bin/false', ALBERT_BLAS: '', ...env },
    });

  it.skipIf(!addonFile)('`install` uses a matching prebuild and compiles nothing', () => {
    const dir = installLayout({ [`prebuilds/${here}/albert_native.node`]: 'ADDON' });
    const r = install(dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`using the prebuilt addon prebuilds/${here}/albert_native.node .*nothing to compile`),
    );
    expect(existsSync(join(dir, 'build', 'Release'))).toBe(false);
    expect(existsSync(join(dir, 'build', 'config.gypi'))).toBe(false);
    const status = JSON.parse(readFileSync(join(dir, 'build', 'native-build.json'), 'utf8'));
    expect(status).toMatchObject({
      ok: true,
      source: 'prebuild',
      platform: process.platform,
      arch: process.arch,
    });
    expect(loadAddonFrom({ pkgDir: dir }).source).toBe('prebuild');
  });

  it('`install` compiles where no prebuild loads (and with --build-from-source)', () => {
    const cases: [Record<string, Buffer | string | 'ADDON'>, Record<string, string>][] = [
      [{ 'prebuilds/aix-ppc64/albert_native.node': garbage }, {}],
      [{ [`prebuilds/${here}/albert_native.node`]: garbage }, {}],
    ];
    if (addonFile)
      cases.push([
        { [`prebuilds/${here}/albert_native.node`]: 'ADDON' },
        { npm_config_build_from_source: 'true' },
      ]);
    for (const [files, env] of cases) {
      const dir = installLayout(files);
      const r = install(dir, env);
      expect(r.status).toBe(0);
      const status = JSON.parse(readFileSync(join(dir, 'build', 'native-build.json'), 'utf8'));
      expect(status).toMatchObject({ ok: false, reason: expect.stringMatching(/node-gyp failed/) });
    }
  });

  it('the tarball carries prebuilds/ and never a build report', () => {
    const dir = installLayout({
      [`prebuilds/${here}/albert_native.node`]: garbage,
      [`prebuilds/${here}/albert_native.json`]: '{}',
      'build/native-build.json': report({}),
      'build/Release/albert_native.node': garbage,
      'dist/native-build.json': report({}),
    });
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    expect(files).toContain(`prebuilds/${here}/albert_native.node`);
    expect(files).toContain(`prebuilds/${here}/albert_native.json`);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('native/build.mjs');
    expect(files.filter((f) => /native-build\.json|^build\//.test(f))).toEqual([]);
  });
});
