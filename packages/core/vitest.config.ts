import { packageTestConfig } from '../../vitest.shared.js';

// src/index.ts imports the gradient bundle that the build writes to dist/ (run the build first).
export default packageTestConfig(import.meta.url, {
  tfjsCore: true,
  files: { './tfjs-gradients.js': './dist/tfjs-gradients.js' },
});
