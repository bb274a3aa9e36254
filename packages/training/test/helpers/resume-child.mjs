// Child process for the kill/resume test: trains on the cpu backend with checkpoints in a
// directory, optionally resuming, and writes the final weights. Imports the BUILT package.
//   node resume-child.mjs <dir> <maxSteps> [--resume] [--delay ms] [--block-on-save step]
import '@tensorflow/tfjs-backend-cpu';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AlbertForPreTraining } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { Lamb, Trainer } from '../../dist/index.js';
import { FileCheckpointStore } from '../../dist/node.js';

const [dir, maxStepsArg, ...rest] = process.argv.slice(2);
const flag = (name) => {
  const i = rest.indexOf(name);
  return i < 0 ? null : (rest[i + 1] ?? true);
};
await tf.setBackend('cpu');
// A tiny ALBERT (2 layers in one shared group) with dropout ON everywhere, so exact resume also
// covers the dropout masks.
const V = 64;
const model = AlbertForPreTraining.fromConfig(
  {
    vocab_size: V,
    embedding_size: 8,
    hidden_size: 16,
    num_hidden_layers: 2,
    num_hidden_groups: 1,
    num_attention_heads: 2,
    intermediate_size: 20,
    max_position_embeddings: 16,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    classifier_dropout_prob: 0.1,
  },
  { seed: 5 },
);

/** Deterministic synthetic pretraining batches per epoch (7 batches of 4 × 12). */
const data = {
  *batches(epoch) {
    let s = (epoch + 1) * 7919;
    const next = () => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return s >>> 8;
    };
    for (let b = 0; b < 7; b++) {
      const inputIds = [];
      const labels = [];
      const tokenTypeIds = [];
      for (let r = 0; r < 4; r++) {
        const ids = Array.from({ length: 12 }, () => 5 + (next() % (V - 5)));
        inputIds.push(ids);
        labels.push(ids.map((id, i) => (i % 5 === 1 ? id : -100)));
        tokenTypeIds.push(ids.map((_, i) => (i < 6 ? 0 : 1)));
      }
      yield { inputIds, tokenTypeIds, labels, sentenceOrderLabel: [0, 1, 1, 0].map((x) => (x + b) % 2) };
    }
  },
};
const optimizer = new Lamb(model.namedParameters(), {
  lr: { type: 'linear', lr: 0.05, warmupSteps: 3, totalSteps: Number(maxStepsArg) },
  maxGradNorm: 1,
});

const store = new FileCheckpointStore(join(dir, 'ckpt'));
const blockAt = flag('--block-on-save');
if (blockAt) {
  // Freeze inside FileCheckpointStore.write after its first file, so the parent can SIGKILL
  // the process in the middle of writing a checkpoint.
  const write = store.write.bind(store);
  store.write = (name, files) => {
    if (!name.endsWith(String(blockAt).padStart(6, '0'))) return write(name, files);
    const entries = [...files];
    const slow = {
      *[Symbol.iterator]() {
        yield entries[0];
        process.stdout.write('writing\n');
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
        yield* entries.slice(1);
      },
    };
    return write(name, slow);
  };
}
const delay = Number(flag('--delay') ?? 0);
const trainer = new Trainer({
  model,
  optimizer,
  trainData: data,
  maxSteps: Number(maxStepsArg),
  gradientAccumulationSteps: 2,
  checkpoints: store,
  saveEvery: 2,
  keepLast: 2,
  logEvery: 1000,
  seed: 11,
  callbacks: [
    {
      async onStepEnd({ step }) {
        process.stdout.write(`step ${step}\n`);
        if (delay) await new Promise((r) => setTimeout(r, delay));
      },
    },
  ],
});
if (flag('--resume')) process.stdout.write(`resumed ${await trainer.resume()}\n`);
await trainer.train();
const out = [];
for (const [name, v] of model.namedParameters()) out.push({ name, data: Array.from(await v.data()) });
writeFileSync(join(dir, 'final.json'), JSON.stringify(out));
process.stdout.write('done\n');
