// Import-cycle check for the packages' and apps' TypeScript sources (`pnpm lint:cycles`, run by
// `pnpm lint`). Type-only imports count (`tsPreCompilationDeps: true`): a cycle through
// `import type` is erased at run time but is still two files that cannot be understood apart.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: move what both files need into a third file they both import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    // TypeScript sources of the packages and apps (not their tests, benches, scripts or dist).
    includeOnly: { path: '^(packages|apps)/[^/]+/src/' },
    // Other packages are reached through node_modules (their dist): follow only our sources.
    doNotFollow: { path: ['node_modules', '/dist/'] },
    exclude: { path: ['/dist/', '/node_modules/', '\\.d\\.ts$'] },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      conditionNames: ['import', 'types', 'node', 'default'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
