// Copies the playground's static build into dist/playground, so `albert serve` ships with the CLI
// (the playground app itself is private and not published).
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, '..', '..', 'playground', 'dist');
const to = join(here, '..', 'dist', 'playground');
if (!existsSync(join(from, 'index.html'))) {
  console.error(`copy-playground: ${from} has no index.html: build @albert-ts/playground first`);
  process.exit(1);
}
rmSync(to, { recursive: true, force: true });
cpSync(from, to, { recursive: true });
