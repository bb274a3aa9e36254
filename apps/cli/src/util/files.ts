import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from './errors.js';

/** Resolves a path the user named and checks it is an existing file (exit 2 otherwise). */
export function requireFile(path: string, what: string): string {
  const p = resolve(path);
  if (!existsSync(p)) throw new UsageError(`${what} not found: ${path}`);
  if (!statSync(p).isFile()) throw new UsageError(`${what} is not a file: ${path}`);
  return p;
}

/** Resolves a path the user named and checks it is an existing directory (exit 2 otherwise). */
export function requireDir(path: string, what: string): string {
  const p = resolve(path);
  if (!existsSync(p)) throw new UsageError(`${what} not found: ${path}`);
  if (!statSync(p).isDirectory()) throw new UsageError(`${what} is not a directory: ${path}`);
  return p;
}

/** A file or a directory that must exist. */
export function requirePath(path: string, what: string): string {
  const p = resolve(path);
  if (!existsSync(p)) throw new UsageError(`${what} not found: ${path}`);
  return p;
}
