// Child process for the kill-during-save test: a small ALBERT on the cpu backend trains one step,
// then writes checkpoints (Trainer.save, new names and pruning) and the final-model folder
// (savePretrained, replacing it) in a loop until killed. Imports the BUILT packages.
//   node save-loop-child.mjs <dir> loop    start (cleaning what a killed run left), then save forever
//   node save-loop-child.mjs <dir> check   start again: clean up, resume, load the model folder, exit
import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { recoverDir } from '@albert-ts/core/node';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, stepCheckpointName, Trainer } from '../../dist/index.js';
import { FileCheckpointStore } from '../../dist/node.js';

const [dir, mode] = process.argv.slice(2);
await tf.setBackend('cpu');
const modelDir = join(dir, 'out', 'model');
const V = 600;
const model = AlbertForPreTraining.fromConfig(
  {
    vocab_size: V,
    embedding_size: 32,
    hidden_size: 64,
    num_hidden_layers: 2,
    num_hidden_groups: 1,
    num_attention_heads: 4,
    intermediate_size: 96,
    max_position_embeddings: 16,
  },
  { seed: 3 },
);
const batch = () => ({
  inputIds: [[2, 7, 9, 11, 3, 5, 6, 3]],
  tokenTypeIds: [[0, 0, 0, 0, 0, 1, 1, 1]],
  labels: [[-100, 7, -100, -100, -100, 5, -100, -100]],
  sentenceOrderLabel: [1],
});
const optimizer = new AdamW(model.namedParameters(), { lr: 1e-3 });
const store = new FileCheckpointStore(join(dir, 'ckpt'));
const trainer = new Trainer({
  model,
  optimizer,
  trainData: () => [batch(), batch(), batch()],
  maxSteps: 1_000_000,
  checkpoints: store,
  saveEvery: 1,
  keepLast: 2,
  logEvery: 1_000_000,
  seed: 1,
  callbacks: [{ onStepEnd: () => trainer.stop() }],
});
// What a run does first: undo or finish a model save that a kill interrupted (the checkpoint
// store's temp folders are cleaned by the Trainer itself, at resume or at the start of train()).
await recoverDir(modelDir);
const hasCheckpoint = (await store.list()).some((n) => n.startsWith('checkpoint-'));
const from = hasCheckpoint ? await trainer.resume() : 0;
if (mode === 'check') {
  const loaded = await AlbertForPreTraining.fromPretrained(modelDir, { strict: true });
  process.stdout.write(`${JSON.stringify({ resumed: from, loadedParameters: loaded.numParameters() })}\n`);
  process.exit(0);
}
await trainer.train();
// Writes only from here on, so that a kill at a random time lands inside one almost always.
for (let i = 1; ; i++) {
  await trainer.save(stepCheckpointName(trainer.step * 1000 + (i % 1000)));
  await model.savePretrained(modelDir);
  if (i === 1) process.stdout.write('ready\n');
}
