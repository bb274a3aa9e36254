#!/usr/bin/env node
// The release pipeline: changeset version → (built) → prebuilt addon → pack → hygiene checks →
// publish → consumer tests. CI runs it dry on every change against a Verdaccio it starts on
// 127.0.0.1; with --publish (a token in NPM_TOKEN and a --tag) it publishes to the public registry.
//
//   node scripts/release.mjs                       # dry: local Verdaccio, consumers, README blocks
//   node scripts/release.mjs --registry http://127.0.0.1:4873/   # a registry already running
//   NPM_TOKEN=… node scripts/release.mjs --publish --tag latest  # the public registry (never in CI)
//
// Needs `pnpm build` first (the packages' dist/ and the native addon). The developer's tree is
// never changed: versions are bumped in a staged copy, whose CHANGELOGs the log shows.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runConsumers } from './release/consumers.mjs';
import { attw, packPackage, publint } from './release/pack.mjs';
import { resolveWorkspaceRanges, stageWorkspace, versionPackages } from './release/stage.mjs';
import { registryToken, startVerdaccio, writeNpmrc } from './release/verdaccio.mjs';
import { publishOrder, repoRoot } from './release/workspace.mjs';

const { values: opt } = parseArgs({
  options: {
    registry: { type: 'string' },
    publish: { type: 'boolean', default: false },
    tag: { type: 'string' },
    out: { type: 'string' },
    'skip-consumers': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const fail = (m) => {
  console.error(`release: ${m}`);
  process.exit(1);
};
const step = (m) => console.log(`\n=== release: ${m}`);

if (opt.publish) {
  if (!process.env.NPM_TOKEN) fail('--publish needs a token in NPM_TOKEN');
  if (!opt.tag) fail('--publish needs --tag (e.g. latest, next)');
  if (process.env.CI && !process.env.ALBERT_RELEASE_PUBLISH) {
    fail(
      'refusing to publish to the public registry from CI (set ALBERT_RELEASE_PUBLISH=1 in the release job)',
    );
  }
}
for (const p of [
  'packages/core/dist/index.js',
  'apps/cli/dist/main.js',
  'apps/cli/dist/playground/index.html',
]) {
  if (!existsSync(join(repoRoot, p))) fail(`${p} is missing: run \`pnpm build\` first`);
}

const work = opt.out ?? mkdtempSync(join(tmpdir(), 'albert-release-'));
mkdirSync(work, { recursive: true });
const started = Date.now();
const report = {
  startedAt: new Date().toISOString(),
  registry: null,
  packages: [],
  checks: [],
  consumers: [],
};

step(`staging the workspace in ${join(work, 'stage')}`);
stageWorkspace(join(work, 'stage'));

step('changeset version (in the stage)');
let staged = versionPackages(join(work, 'stage'));
staged = resolveWorkspaceRanges(staged);
const order = publishOrder(staged);
for (const p of order) {
  const log = join(p.dir, 'CHANGELOG.md');
  const entries = existsSync(log)
    ? readFileSync(log, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('- ')).length
    : 0;
  console.log(`${p.manifest.name}@${p.manifest.version}: CHANGELOG.md with ${entries} entries`);
  if (p.manifest.version === '0.0.0')
    fail(`${p.manifest.name} is still 0.0.0 after changeset version (no changeset names it?)`);
  if (!existsSync(log)) fail(`${p.manifest.name}: changeset version wrote no CHANGELOG.md`);
}

step('prebuilt native addon for this platform (into the staged @albert-ts/backend-native)');
const native = order.find((p) => p.manifest.name === '@albert-ts/backend-native');
if (native) {
  const status = JSON.parse(readFileSync(join(native.dir, 'build', 'native-build.json'), 'utf8'));
  if (!status.ok || status.info?.blas !== 'builtin') {
    fail(
      `the built addon is not a builtin-GEMM build (${JSON.stringify(status)}): run pnpm build without ALBERT_BLAS`,
    );
  }
  const { copyPrebuild } = await import(join(native.dir, 'native', 'build.mjs'));
  const { file, meta } = copyPrebuild(status.info);
  console.log(`prebuild ${file.slice(native.dir.length + 1)}: ${JSON.stringify(meta)}`);
}

step('pack, publint --strict, attw');
const tarballs = join(work, 'tarballs');
let hygieneOk = true;
for (const p of order) {
  const t = packPackage(p, tarballs);
  const maps = t.files.filter((f) => f.endsWith('.map'));
  if (maps.length) fail(`${t.name}: the tarball ships ${maps.length} source maps without their sources`);
  const pl = publint(p);
  const at = attw(t.file, t.name);
  hygieneOk &&= pl.ok && at.ok;
  report.packages.push({ ...t, files: undefined, publint: pl.ok, attw: at.ok });
}
console.log('\npackage | version | tarball kB | unpacked kB | files | publint | attw');
for (const t of report.packages) {
  console.log(
    `${t.name} | ${t.version} | ${(t.size / 1024).toFixed(1)} | ${(t.unpackedSize / 1024).toFixed(1)} | ${t.entryCount} | ${t.publint ? 'clean' : 'FINDINGS'} | ${t.attw ? 'clean' : 'FINDINGS'}`,
  );
}
if (!hygieneOk) fail('publint or attw reported problems (see above)');

let registry = opt.registry ?? null;
let verdaccio = null;
const npmrc = join(work, 'npmrc');
if (opt.publish) {
  registry = 'https://registry.npmjs.org/';
  writeNpmrc(npmrc, registry, process.env.NPM_TOKEN);
} else {
  if (!registry) {
    step('starting Verdaccio on 127.0.0.1');
    verdaccio = await startVerdaccio(join(work, 'verdaccio'));
    registry = verdaccio.url;
  }
  writeNpmrc(npmrc, registry, await registryToken(registry));
}
report.registry = registry;

try {
  step(`publish to ${registry}`);
  for (const t of report.packages) {
    execFileSync(
      'npm',
      [
        'publish',
        t.file,
        '--userconfig',
        npmrc,
        '--registry',
        registry,
        '--access',
        'public',
        '--tag',
        opt.tag ?? 'latest',
        '--loglevel',
        'warn',
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    console.log(`published ${t.name}@${t.version}`);
  }
  if (!opt.publish && !opt['skip-consumers']) {
    step('consumer tests (clean folders outside the workspace, installs from the registry)');
    report.consumers = await runConsumers({
      registry,
      npmrc,
      work: join(work, 'consumers'),
      packages: report.packages,
    });
  }
} finally {
  await verdaccio?.stop();
}

report.seconds = Math.round((Date.now() - started) / 1000);
writeFileSync(join(work, 'release-report.json'), `${JSON.stringify(report, null, 2)}\n`);
step(`done in ${report.seconds} s; report ${join(work, 'release-report.json')}`);
if (!opt.keep && !opt.out) rmSync(work, { recursive: true, force: true });
