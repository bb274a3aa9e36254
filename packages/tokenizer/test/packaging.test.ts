// "Consumers install only the layers they need": build, `pnpm pack` this package and
// @albert-ts/hub (its one workspace dependency, for Hub ids), install the two tarballs ALONE into
// an empty project with npm (protobufjs comes from the registry), and run a plain Node ESM script
// that imports it and encodes with a fixture model.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixturePath } from '@albert-ts/test-support';
import { afterAll, describe, expect, it } from 'vitest';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const hubDir = join(pkgDir, '..', 'hub');
const work = mkdtempSync(join(tmpdir(), 'albert-tokenizer-pack-'));
const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('packaging', () => {
  it('the packed tarball installs alone (with @albert-ts/hub) and encodes from plain Node ESM', () => {
    run('pnpm', ['run', 'build'], pkgDir);
    run('pnpm', ['run', 'build'], hubDir);
    run('pnpm', ['pack', '--pack-destination', work], pkgDir);
    run('pnpm', ['pack', '--pack-destination', work], hubDir);
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz') && f.includes('tokenizer'));
    const hubTarball = readdirSync(work).find((f) => f.endsWith('.tgz') && f.includes('hub'));
    expect(hubTarball).toBeDefined();
    expect(tarball).toBeDefined();
    const listing = run('tar', ['-tzf', join(work, tarball!)], work).split('\n');
    expect(listing).toContain('package/dist/index.js');
    expect(listing).toContain('package/dist/node.js');
    // The trainer's generated nmt_nfkc rule table, a JSON asset beside its loader.
    expect(listing).toContain('package/dist/trainer/nmt-nfkc-charsmap.json');
    expect(listing.some((f) => f.startsWith('package/test/') || f.startsWith('package/src/'))).toBe(false);

    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    run(
      'npm',
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        join(work, hubTarball!),
        join(work, tarball!),
      ],
      app,
    );
    const installed = readdirSync(join(app, 'node_modules')).sort();
    expect(installed).toContain('@albert-ts');
    expect(installed).toContain('protobufjs');
    expect(readdirSync(join(app, 'node_modules', '@albert-ts')).sort()).toEqual(['hub', 'tokenizer']);

    writeFileSync(
      join(app, 'main.mjs'),
      [
        "import { readFileSync } from 'node:fs';",
        "import { AlbertTokenizer, SentencePieceProcessor } from '@albert-ts/tokenizer';",
        "import { loadAlbertTokenizerSync } from '@albert-ts/tokenizer/node';",
        'const model = process.argv[2];',
        'const sp = SentencePieceProcessor.fromBytes(new Uint8Array(readFileSync(model)));',
        'const tok = loadAlbertTokenizerSync(model);',
        'const viaFromFile = await AlbertTokenizer.fromFile(model);',
        "console.log(JSON.stringify({ sp: sp.encodeAsIds('hello, my dog is cute'), hf: tok.encode('Hello, my dog is cute').inputIds, same: viaFromFile.tokenize('Hi [MASK].') }));",
      ].join('\n'),
    );
    const out = JSON.parse(
      run('node', ['main.mjs', fixturePath('tokenizer', 'albert-en-30k-reconstructed.model')], app),
    );
    expect(out.sp).toEqual([10975, 15, 51, 1952, 25, 10901]);
    expect(out.hf).toEqual([2, 10975, 15, 51, 1952, 25, 10901, 3]);
    expect(out.same).toEqual(['▁hi', '[MASK]', '▁', '.']);
  }, 300_000);
});
