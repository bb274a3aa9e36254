// A copy of the workspace's manifests and built files in which `changeset version` runs, so a dry
// release bumps versions and writes CHANGELOGs without touching the developer's tree.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { repoRoot, workspacePackages } from './workspace.mjs';

/** Folders never copied: installs, caches, and what only the developers use. */
const SKIP = new Set(['node_modules', '.cache', '.turbo', 'test', 'bench', 'coverage']);

/** Copies the workspace into `stage` (no installs, no tests); returns the staged packages. */
export function stageWorkspace(stage) {
  mkdirSync(stage, { recursive: true });
  for (const f of ['package.json', 'pnpm-workspace.yaml', 'LICENSE']) {
    if (existsSync(join(repoRoot, f))) cpSync(join(repoRoot, f), join(stage, f));
  }
  cpSync(join(repoRoot, '.changeset'), join(stage, '.changeset'), { recursive: true });
  for (const p of workspacePackages()) {
    cpSync(p.dir, join(stage, p.rel), {
      recursive: true,
      filter: (src) => src === p.dir || !SKIP.has(basename(src)),
    });
  }
  return workspacePackages(stage);
}

/** Runs `changeset version` in the stage: versions bumped, CHANGELOG.md written, changesets consumed. */
export function versionPackages(stage) {
  const bin = join(repoRoot, 'node_modules', '.bin', 'changeset');
  execFileSync(bin, ['version'], { cwd: stage, stdio: ['ignore', 'inherit', 'inherit'] });
  return workspacePackages(stage);
}

const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * Replaces `workspace:` ranges by the versions just set, as pnpm does when it packs (npm packs the
 * staged folders, since they have no installs). A range left on `workspace:` would not install.
 * devDependencies are dropped: consumers never install them, and they name private packages.
 */
export function resolveWorkspaceRanges(pkgs) {
  const versions = new Map(pkgs.map((p) => [p.manifest.name, p.manifest.version]));
  for (const p of pkgs) {
    let changed = 'devDependencies' in p.manifest;
    delete p.manifest.devDependencies;
    for (const field of DEP_FIELDS) {
      const deps = p.manifest[field];
      if (!deps) continue;
      for (const [name, range] of Object.entries(deps)) {
        if (typeof range !== 'string' || !range.startsWith('workspace:')) continue;
        const v = versions.get(name);
        if (!v)
          throw new Error(`${p.rel}: ${field}.${name} is ${range} but no workspace package has that name`);
        const spec = range.slice('workspace:'.length);
        deps[name] = spec === '*' || spec === '' ? v : spec === '^' || spec === '~' ? `${spec}${v}` : spec;
        changed = true;
      }
    }
    if (changed) writeFileSync(join(p.dir, 'package.json'), `${JSON.stringify(p.manifest, null, 2)}\n`);
  }
  return pkgs.map((p) => ({ ...p, manifest: JSON.parse(readFileSync(join(p.dir, 'package.json'), 'utf8')) }));
}
