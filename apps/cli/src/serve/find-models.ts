import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from '../util/errors.js';

/** A model folder found in a run: paths relative to the run folder, with `/` separators. */
export interface RunModel {
  name: string;
  architecture: string;
  /** The folder, relative to the run (config.json + model.safetensors). */
  folder: string;
  /** The tokenizer file (spiece.model or tokenizer.json), relative to the run. */
  tokenizer: string;
}

const DEPTH = 4;

function isModelFolder(dir: string): boolean {
  return (
    existsSync(join(dir, 'config.json')) &&
    (existsSync(join(dir, 'model.safetensors')) || existsSync(join(dir, 'model.safetensors.index.json')))
  );
}

/** The folder's own tokenizer, else the nearest one above it inside the run (a demo's `tokenizer/`). */
function tokenizerFor(run: string, dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    for (const name of ['spiece.model', 'tokenizer.json']) {
      if (existsSync(join(d, name))) return join(d, name);
    }
    const shared = join(d, 'tokenizer', 'spiece.model');
    if (existsSync(shared)) return shared;
    if (d === run || !(d + sep).startsWith(run + sep)) return null;
  }
}

function architectureOf(dir: string): string {
  try {
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { architectures?: unknown };
    return Array.isArray(cfg.architectures) ? String(cfg.architectures[0]) : 'AlbertModel';
  } catch {
    return 'unreadable config.json';
  }
}

const posix = (p: string) => p.split(sep).join('/');

/** Every model folder under `run` (to a few levels deep), with its tokenizer, sorted by path. */
export function findRunModels(runDir: string): RunModel[] {
  const run = resolve(runDir);
  const found: RunModel[] = [];
  const walk = (dir: string, depth: number) => {
    if (isModelFolder(dir)) {
      const tok = tokenizerFor(run, dir);
      if (tok) {
        const folder = posix(relative(run, dir));
        found.push({
          name: folder || basename(run),
          architecture: architectureOf(dir),
          folder,
          tokenizer: posix(relative(run, tok)),
        });
      }
    }
    if (depth === DEPTH) return;
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries.sort()) {
      if (e.startsWith('.') || e === 'node_modules') continue;
      const child = join(dir, e);
      if (statSync(child, { throwIfNoEntry: false })?.isDirectory()) walk(child, depth + 1);
    }
  };
  walk(run, 0);
  return found;
}

/** The newest `runs/demo-*` folder under `cwd` (what `albert demo` writes by default). */
export function latestDemoRun(cwd: string): string {
  const runs = join(cwd, 'runs');
  const candidates = existsSync(runs)
    ? readdirSync(runs)
        .filter((n) => n.startsWith('demo-'))
        .map((n) => join(runs, n))
        .filter((p) => statSync(p).isDirectory())
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    : [];
  if (candidates.length === 0) {
    throw new UsageError(
      `no run folder given and no ${join(runs, 'demo-*')} found: run \`albert demo\` first, or name a folder with models (albert serve <dir>)`,
    );
  }
  return candidates[0];
}
