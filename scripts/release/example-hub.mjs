// A test Hugging Face Hub for the README examples (no network to huggingface.co in CI): the test
// Hub of @albert-ts/test-support, in a child process (the blocks run with spawnSync, which would
// block a server in this process), serving repos made from the example files:
//   albert/albert-base-v2   an AlbertForMaskedLM of albert-base-v2's shape and config with seeded
//                           random weights (NOT the real checkpoint: its predictions are noise) and
//                           ALBERT's English 30k tokenizer (spiece.model, tokenizer.json,
//                           tokenizer_config.json, special_tokens_map.json)
//   albert-ts/tiny-<task>   each tiny task model of the example files, with its 512-piece spiece.model
// start() returns { env, stop() }: env has HF_ENDPOINT and a fresh HF_HUB_CACHE for the blocks.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturesDir, smallVocab, TASKS } from './example-files.mjs';
import { repoRoot } from './workspace.mjs';

const enc = (s) => (typeof s === 'string' ? new TextEncoder().encode(s) : new Uint8Array(s));

async function repos() {
  const { commitSha } = await import(join(repoRoot, 'tools/test-support/dist/hub-server.js'));
  const { AlbertTokenizer } = await import(join(repoRoot, 'packages/tokenizer/dist/index.js'));
  const fx = fixturesDir();
  const read = (...p) => readFileSync(join(fx, ...p));
  const repo = (label, files) => {
    const sha = commitSha(label);
    return {
      refs: { main: sha },
      commits: [{ sha, files: Object.entries(files).map(([path, b]) => ({ path, bytes: enc(b) })) }],
    };
  };
  const tok = AlbertTokenizer.fromBytes(
    new Uint8Array(read('tokenizer', 'albert-en-30k-reconstructed.model')),
  );
  const core = await import(join(repoRoot, 'packages/core/dist/index.js'));
  const { AlbertForMaskedLM } = await import(join(repoRoot, 'packages/heads/dist/index.js'));
  await core.setupBackend({ native: false });
  const base = AlbertForMaskedLM.fromConfig(core.presets['albert-base-v2'], { seed: 0 });
  const { config, weights } = await base.toPretrained();
  base.dispose();
  const out = {
    'albert/albert-base-v2': repo('albert-base-v2 main', {
      'config.json': JSON.stringify(config, null, 2),
      'model.safetensors': weights,
      ...tok.pretrainedFiles(),
    }),
  };
  const vocab = await smallVocab(fx);
  for (const t of TASKS) {
    out[`albert-ts/tiny-${t}`] = repo(`tiny-${t} main`, {
      'config.json': read('heads', t, 'config.json'),
      'model.safetensors': read('heads', t, 'model.safetensors'),
      'spiece.model': vocab,
    });
  }
  return out;
}

/** Starts the Hub in a child process; `{ endpoint, env, stop() }`. */
export async function startExampleHub() {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['pipe', 'pipe', 'inherit'], // its stdin closes when this process ends, however it ends
  });
  const endpoint = await new Promise((resolve, reject) => {
    let buf = '';
    child.stdout.on('data', (d) => {
      buf += d;
      const m = /^endpoint (\S+)$/m.exec(buf);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`the example Hub exited with ${code} before listening`)));
  });
  const cache = mkdtempSync(join(tmpdir(), 'albert-example-hub-cache-'));
  const kill = () => child.kill();
  process.once('exit', kill); // also when the caller throws before stop()
  return {
    endpoint,
    env: { HF_ENDPOINT: endpoint, HF_HUB_CACHE: cache, HF_HUB_DISABLE_PROGRESS_BARS: '1' },
    stop() {
      process.off('exit', kill);
      child.kill();
      rmSync(cache, { recursive: true, force: true });
    },
  };
}

/** The block environment with the example Hub: online (no HF_HUB_OFFLINE), its cache, no token. */
export function withHub(env, hub) {
  const out = { ...env, ...hub.env };
  for (const k of ['HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'HF_HOME', 'HF_TOKEN']) delete out[k];
  return out;
}

if (process.argv[2] === '--serve') {
  const { startTestHub } = await import(join(repoRoot, 'tools/test-support/dist/hub-server.js'));
  const hub = await startTestHub(await repos());
  console.log(`endpoint ${hub.endpoint}`);
  const quit = () => hub.close().then(() => process.exit(0));
  process.on('SIGTERM', quit);
  process.stdin.on('end', quit); // the parent is gone
  process.stdin.resume();
}
