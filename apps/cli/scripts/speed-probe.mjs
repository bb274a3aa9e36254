// The demo's speed probe on this machine, for the constants in src/demo/plan-by-speed.ts:
//   node apps/cli/scripts/speed-probe.mjs                 # with the native kernels (REFERENCE_PROBE_MS)
//   ALBERT_NATIVE=0 node apps/cli/scripts/speed-probe.mjs # stock wasm
// Prints the median step (ms) of three probes of each model: the default plan's and SLOW_SHAPES.
// Run it on a quiet machine (nothing else training); needs `pnpm --filter @albert-ts/cli build`.

import { demoPlan } from '../dist/demo/plan.js';
import { SLOW_SHAPES } from '../dist/demo/plan-by-speed.js';
import { probeTrainingStep } from '../dist/demo/speed-probe.js';
import { initBackend } from '../dist/lib/backend.js';

const backend = await initBackend({});
console.log(`back end: ${backend.backend}${backend.native ? ' + native kernels' : ''}`);
for (const model of [demoPlan(1).model, ...SLOW_SHAPES]) {
  const ms = [];
  for (let r = 0; r < 3; r++) {
    const p = await probeTrainingStep({
      model,
      vocabSize: 8000,
      seed: 42,
      minSteps: 5,
      maxSteps: 20,
      minMs: 2000,
    });
    ms.push(Math.round(p.msPerStep));
  }
  console.log(
    `E ${model.embeddingSize} H ${model.hiddenSize} × ${model.numHiddenLayers} FFN ${model.intermediateSize}: ${ms.join(', ')} ms`,
  );
}
