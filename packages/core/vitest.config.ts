import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // src/index.ts imports the gradient bundle that the build writes to dist/ (run the build first).
    alias: [
      // tfjs-core's CommonJS Node entry, the copy the backends require: vite would otherwise load its
      // ESM build, a second copy whose tensors lack the chained ops that tfjs' own ops call.
      { find: /^@tensorflow\/tfjs-core$/, replacement: require.resolve('@tensorflow/tfjs-core') },
      {
        find: /^\.\/tfjs-gradients\.js$/,
        replacement: fileURLToPath(new URL('./dist/tfjs-gradients.js', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
