// Sums vitest's per-package "Tests  N passed | M failed" lines from a turbo log into one closing line.
import { readFileSync } from 'node:fs';

const text = readFileSync(process.argv[2], 'utf8').replace(
  new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'),
  '',
);
let passed = 0;
let failed = 0;
let skipped = 0;
for (const line of text.split('\n')) {
  const m = /^\S*:test:\s+Tests\s+(.*)$/.exec(line.trim());
  if (!m) continue;
  for (const part of m[1].split('|')) {
    const n = /(\d+)\s+(passed|failed|skipped|todo)/.exec(part);
    if (!n) continue;
    if (n[2] === 'passed') passed += Number(n[1]);
    else if (n[2] === 'failed') failed += Number(n[1]);
    else skipped += Number(n[1]);
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0) process.exit(1);
