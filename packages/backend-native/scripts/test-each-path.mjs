#!/usr/bin/env node
// Runs the kernel suites again under every lower CPU path this machine has (ALBERT_CPU), so a
// path that only some users' CPUs take is tested here too. The default `vitest run` already
// covered the best path. Build, loader and fallback suites do not depend on the path.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const addonPath = join(pkgDir, 'build', 'Release', 'albert_native.node');
if (!existsSync(addonPath)) {
  console.error('test-each-path: the addon is not built; run the package build first');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const { path: best } = require(addonPath).info();
const order = ['avx512', 'avx2', 'baseline'];
const lower = order.slice(order.indexOf(best) + 1);
const skip = [
  'test/build-fallback.test.ts',
  'test/loader.test.ts',
  'test/fallback.test.ts',
  'test/cpu-dispatch.test.ts',
];
const vitest = join(dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
let failed = false;
for (const path of lower) {
  console.log(`\n== kernel suites on the ${path} path (ALBERT_CPU=${path}) ==`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...skip.flatMap((s) => ['--exclude', s])], {
    cwd: pkgDir,
    stdio: 'inherit',
    env: { ...process.env, ALBERT_CPU: path },
  });
  if (r.status !== 0) failed = true;
}
if (lower.length === 0) console.log(`test-each-path: ${best} is the only path on this CPU`);
process.exit(failed ? 1 : 0);
