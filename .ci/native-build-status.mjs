#!/usr/bin/env node
// CI: fail loudly when `pnpm build` did not produce a loadable native addon (native/build.mjs
// never fails the build itself, so without this CI would quietly test plain wasm only).
//   node .ci/native-build-status.mjs [--expect-blas builtin]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkg = join(dirname(dirname(fileURLToPath(import.meta.url))), 'packages', 'backend-native');
const addon = join(pkg, 'build', 'Release', 'albert_native.node');
const reportFile = join(pkg, 'build', 'native-build.json');
const argv = process.argv.slice(2);
const expectBlas = argv.includes('--expect-blas') ? argv[argv.indexOf('--expect-blas') + 1] : null;
const fail = (m) => {
  console.error(`native build check FAILED: ${m}`);
  process.exit(1);
};

const report = existsSync(reportFile) ? JSON.parse(readFileSync(reportFile, 'utf8')) : null;
if (report && report.ok === false) fail(report.reason ?? 'the report says the build failed');
if (!existsSync(addon))
  fail(
    `${addon} missing after the build${report ? '' : ' and no build report (build/native-build.json) was written'}`,
  );
// A report may be absent after a turbo cache hit (the addon restored without it): load it here.
const r = spawnSync(
  process.execPath,
  ['-e', `console.log(JSON.stringify(require(${JSON.stringify(addon)}).info()))`],
  { encoding: 'utf8' },
);
if (r.status !== 0) fail(`the addon does not load: ${(r.stderr || '').split('\n').find((l) => l.trim())}`);
const info = JSON.parse(r.stdout.trim().split('\n').pop());
if (expectBlas && info.blas !== expectBlas)
  fail(`the addon was built with BLAS ${info.blas}, expected ${expectBlas}`);
if (report?.blasNote) console.log(`native build note: ${report.blasNote}`);
console.log(`native build ok: blas ${info.blas}, path ${info.path ?? '?'}, cpu ${info.cpu ?? '?'}`);
