// npm pack of each staged public package, with its size and file count, then the hygiene checks
// (publint --strict, @arethetypeswrong/cli) whose outputs the CI log keeps.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './workspace.mjs';

/** Packs `pkg` into `outDir`; returns `{ name, version, file, size, unpackedSize, entryCount, files }`. */
export function packPackage(pkg, outDir) {
  mkdirSync(outDir, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], {
    cwd: pkg.dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 << 20,
  });
  const [info] = JSON.parse(out);
  return {
    name: info.name,
    version: info.version,
    file: join(outDir, info.filename),
    size: info.size,
    unpackedSize: info.unpackedSize,
    entryCount: info.entryCount,
    files: info.files.map((f) => f.path),
  };
}

function tool(name) {
  return join(repoRoot, 'node_modules', '.bin', name);
}

/** Runs a checker, echoing its whole output to the log; returns `{ ok, output }`. */
function check(label, bin, args, cwd) {
  const r = spawnSync(bin, args, { cwd, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  console.log(`--- ${label} (exit ${r.status})\n${output}`);
  return { ok: r.status === 0, output };
}

/** publint in strict mode on the staged folder (warnings fail too). */
export function publint(pkg) {
  return check(
    `publint --strict ${pkg.manifest.name}`,
    tool('publint'),
    ['run', '--strict', '--pack', 'npm', pkg.dir],
    pkg.dir,
  );
}

/**
 * are-the-types-wrong on the tarball. Our packages are ESM-only by design (their READMEs say so), so
 * the `esm-only` profile is used: CommonJS `require` resolution is not asked of them.
 */
export function attw(tarball, name) {
  return check(
    `attw ${name}`,
    tool('attw'),
    [tarball, '--profile', 'esm-only', '--format', 'table-flipped'],
    repoRoot,
  );
}
