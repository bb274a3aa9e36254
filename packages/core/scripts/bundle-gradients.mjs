// tfjs-core's Node entry (a CommonJS bundle) ships without gradient functions; its ESM files have
// them but use extension-less imports Node cannot load. Bundle them once into dist/ so training
// works in Node. The bundled ops reach the same engine and registries (tfjs keeps those global).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const core = dirname(require.resolve('@tensorflow/tfjs-core/package.json'));
await build({
  // tfjs-core itself is imported FIRST and left external: the application's copy must create the
  // global engine (its Tensor class carries the chained ops), never the copy bundled here.
  stdin: {
    contents: `import '@tensorflow/tfjs-core';\nimport ${JSON.stringify(join(core, 'dist', 'register_all_gradients.js'))};\n`,
    resolveDir: here,
    loader: 'js',
  },
  external: ['@tensorflow/tfjs-core'],
  bundle: true,
  format: 'esm',
  platform: 'neutral',
  target: 'es2020',
  minify: true,
  legalComments: 'eof',
  outfile: join(here, '..', 'dist', 'tfjs-gradients.js'),
  logLevel: 'warning',
  plugins: [
    {
      // The platform is already set by the tfjs-core copy the application loaded.
      name: 'no-platforms',
      setup(b) {
        b.onLoad({ filter: /[\\/]platforms[\\/]platform_(node|browser)\.js$/ }, () => ({
          contents: 'export {};',
        }));
      },
    },
  ],
});
