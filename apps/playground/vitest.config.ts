import { packageTestConfig } from '../../vitest.shared.js';

// The Node-side reference runs and the page share tfjs' CommonJS entry; browser tests wait less.
export default packageTestConfig(import.meta.url, { tfjsCore: true, testTimeout: 60_000 });
