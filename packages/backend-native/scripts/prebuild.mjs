#!/usr/bin/env node
// Compiles the addon for this platform and architecture the way a prebuilt binary must be built
// (built-in GEMM, no system BLAS, no -march=native: the run-time CPU dispatch picks the kernels)
// and copies it to prebuilds/<platform>-<arch>/albert_native.node with albert_native.json next
// to it (Node-API version, BLAS, build time). The release pipeline runs it on each platform:
//
//   pnpm --filter @albert-ts/backend-native run build:prebuild
//
// (Not named `prebuild`: package managers would run that as a hook before every `build`.)
// Exits non-zero when the addon does not build, does not load, or would link a system BLAS.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { copyPrebuild } from '../native/build.mjs';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const fail = (m) => {
  console.error(`prebuild: ${m}`);
  process.exit(1);
};

for (const v of ['CFLAGS', 'CXXFLAGS', 'CPPFLAGS'])
  if (/-march=native|-mcpu=native|-mtune=native/.test(process.env[v] ?? ''))
    fail(`${v} contains a -m…=native flag; a prebuilt binary must run on any CPU of its architecture`);

const env = { ...process.env, ALBERT_BLAS: 'builtin' };
delete env.ALBERT_NATIVE_BUILD;
const r = spawnSync(process.execPath, [join(pkgDir, 'native', 'build.mjs'), '--force'], {
  cwd: pkgDir,
  env,
  stdio: 'inherit',
});
if (r.status !== 0) fail(`native/build.mjs exited ${r.status ?? r.signal}`);

const report = JSON.parse(readFileSync(join(pkgDir, 'build', 'native-build.json'), 'utf8'));
if (!report.ok) fail(`the addon did not build: ${report.reason}`);
if (report.blas !== 'builtin') fail(`built with BLAS ${report.blas}, not builtin`);
if (report.info?.blas && report.info.blas !== 'builtin') fail(`the addon reports BLAS ${report.info.blas}`);

// The generated makefiles hold every compile command: none may target the build machine's CPU.
const buildDir = join(pkgDir, 'build');
for (const f of readdirSync(buildDir).filter((n) => n.endsWith('.mk') || n === 'Makefile')) {
  if (/-m(arch|cpu|tune)=native/.test(readFileSync(join(buildDir, f), 'utf8')))
    fail(`build/${f} compiles with a -m…=native flag`);
}

const addon = join(buildDir, 'Release', 'albert_native.node');
if (!existsSync(addon)) fail('build/Release/albert_native.node missing');
if (process.platform === 'linux') {
  const ldd = spawnSync('ldd', [addon], { encoding: 'utf8' });
  if (ldd.status === 0) {
    const bad = ldd.stdout.split('\n').filter((l) => /blas|lapack|mkl|accelerate/i.test(l));
    if (bad.length) fail(`the addon links a system BLAS:\n${bad.join('\n')}`);
  }
} else if (process.platform === 'darwin') {
  const otool = spawnSync('otool', ['-L', addon], { encoding: 'utf8' });
  if (otool.status === 0 && /Accelerate|blas|lapack/i.test(otool.stdout))
    fail(`the addon links a system BLAS:\n${otool.stdout}`);
}

const { file, meta } = copyPrebuild(report.info);
console.log(`prebuild: ${relative(pkgDir, file)} (${JSON.stringify(meta)})`);
