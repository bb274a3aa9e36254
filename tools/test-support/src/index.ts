import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest folder above this file holding pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('test-support: no pnpm-workspace.yaml above ' + import.meta.url);
    dir = up;
  }
}

/**
 * The parity fixtures folder: $ALBERT_FIXTURES, else ../shared/fixtures beside the repository.
 * A missing folder is an error (never a skip), so CI cannot pass without the reference data.
 */
export function fixturesDir(): string {
  const dir = process.env.ALBERT_FIXTURES
    ? resolve(process.env.ALBERT_FIXTURES)
    : resolve(repoRoot(), '..', 'shared', 'fixtures');
  if (!existsSync(join(dir, 'README.md'))) {
    throw new Error(
      `parity fixtures not found at ${dir}: set ALBERT_FIXTURES or place shared/fixtures beside the repository`,
    );
  }
  return dir;
}

/** Absolute path of a fixture file; throws with the path when it is missing. */
export function fixturePath(...parts: string[]): string {
  const p = join(fixturesDir(), ...parts);
  if (!existsSync(p)) throw new Error(`missing fixture file: ${p}`);
  return p;
}

export function readFixtureJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readFileSync(fixturePath(...parts), 'utf8')) as T;
}

export function readFixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}
export { flatten, type GradsFixture, type Nested, type ParamGradFixture, shapeOf } from './nested.js';
