import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

export interface PackageTestOptions {
  /**
   * Alias `@tensorflow/tfjs-core` to its CommonJS Node entry, the copy the backends require: vite
   * would otherwise load its ESM build, a second copy (a second engine) whose tensors lack the
   * chained ops that tfjs' own ops call. Needed wherever tests run a model.
   */
  tfjsCore?: boolean;
  /** More aliases: exact specifiers mapped to files relative to the package's config. */
  files?: Record<string, string>;
  /** Per-test timeout in ms (default 120 s: parity suites load models and fixtures). */
  testTimeout?: number;
}

/** The vitest settings every workspace package shares; `configUrl` is the config's `import.meta.url`. */
export function packageTestConfig(configUrl: string, opts: PackageTestOptions = {}): ViteUserConfig {
  const require = createRequire(configUrl);
  const alias = [
    ...(opts.tfjsCore
      ? [{ find: /^@tensorflow\/tfjs-core$/, replacement: require.resolve('@tensorflow/tfjs-core') }]
      : []),
    ...Object.entries(opts.files ?? {}).map(([spec, file]) => ({
      find: new RegExp(`^${spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
      replacement: fileURLToPath(new URL(file, configUrl)),
    })),
  ];
  return defineConfig({
    ...(alias.length ? { resolve: { alias } } : {}),
    test: {
      include: ['test/**/*.test.ts'],
      testTimeout: opts.testTimeout ?? 120_000,
      hookTimeout: 120_000,
      // Separate processes: the wasm backend and native addon keep process-wide state.
      pool: 'forks',
    },
  });
}
