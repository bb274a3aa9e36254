// The workspace's packages as the release sees them: folder, manifest, and publish order.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const GROUPS = ['packages', 'apps', 'tools'];

/** Every workspace package under `root`: `{ dir, rel, manifest }`. */
export function workspacePackages(root = repoRoot) {
  const out = [];
  for (const group of GROUPS) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const file = join(base, name, 'package.json');
      if (!existsSync(file)) continue;
      out.push({
        dir: join(base, name),
        rel: `${group}/${name}`,
        manifest: JSON.parse(readFileSync(file, 'utf8')),
      });
    }
  }
  return out;
}

const DEP_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies'];

/** Public packages, each after the workspace packages it depends on (publish and install order). */
export function publishOrder(pkgs) {
  const pub = pkgs.filter((p) => !p.manifest.private);
  const byName = new Map(pub.map((p) => [p.manifest.name, p]));
  const done = new Set();
  const order = [];
  const visit = (p, path) => {
    if (done.has(p.manifest.name)) return;
    if (path.includes(p.manifest.name))
      throw new Error(`dependency cycle: ${[...path, p.manifest.name].join(' → ')}`);
    for (const f of DEP_FIELDS) {
      for (const dep of Object.keys(p.manifest[f] ?? {})) {
        const q = byName.get(dep);
        if (q) visit(q, [...path, p.manifest.name]);
      }
    }
    done.add(p.manifest.name);
    order.push(p);
  };
  for (const p of pub) visit(p, []);
  return order;
}
