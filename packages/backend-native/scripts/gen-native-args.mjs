#!/usr/bin/env node
// Writes native/args.h from src/kernels/args.ts (through the compiled dist/, so run it after
// tsc: the package's `build` script does). Leaves the file untouched when it is up to date, so
// the addon is not recompiled for nothing. `--check`: exit 1 instead of writing when stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const pkgDir = dirname(dirname(fileURLToPath(import.meta.url)));
const target = join(pkgDir, 'native', 'args.h');
const { renderArgsHeader } = await import('../dist/kernels/args-header.js');
const text = renderArgsHeader();
const current = existsSync(target) ? readFileSync(target, 'utf8') : null;
if (current === text) process.exit(0);
if (process.argv.includes('--check')) {
  console.error('albert-native: native/args.h is out of date with src/kernels/args.ts (run pnpm build)');
  process.exit(1);
}
writeFileSync(target, text);
console.log('albert-native: wrote native/args.h from src/kernels/args.ts');
