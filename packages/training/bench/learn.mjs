// Acceptance 4 (learning, measured honestly): pretrain a tiny ALBERT (H 128, E 64, 4 layers in one
// shared group, brown-8k vocab) on the Brown training documents for a bounded wall-clock budget,
// recording the MLM-loss curve against ln(vocab) and held-out SOP accuracy; then fine-tune Brown
// genre classification from that checkpoint with and without layer-wise LR decay.
//   flock /tmp/albert-bench.lock node bench/learn.mjs [--minutes 10] [--lr 0.03] [--finetune-steps 300] [--steps N]
import '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadBrownDocumentSplits, loadBrownGenres } from '@albert-ts/datasets/node';
import { AlbertForPreTraining, AlbertForSequenceClassification } from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import * as tf from '@tensorflow/tfjs-core';
import {
  AdamW,
  collatePretraining,
  createPretrainingExamples,
  createSchedule,
  evaluatePretraining,
  Lamb,
  layerwiseLrDecay,
  pretrainingDataset,
  pretrainingLoss,
  Trainer,
} from '../dist/index.js';
import { jsonlLogger } from '../dist/node.js';
import { backend, here, peakRssMb, resultsDir } from './common.mjs';

const arg = (name, d) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? d : Number(process.argv[i + 1]);
};
const MINUTES = arg('minutes', 10);
const FT_STEPS = arg('finetune-steps', 300);
const BATCH = arg('batch', 16);
const SEQ = arg('seq', 128);
const LR = arg('lr', 0.03);
const OPT = process.argv.includes('--adamw') ? 'AdamW' : 'LAMB';
const FINETUNE = !process.argv.includes('--no-finetune');
const OUT = (() => {
  const i = process.argv.indexOf('--out');
  return i < 0 ? 'learn' : process.argv[i + 1];
})();
mkdirSync(resultsDir, { recursive: true });

const info = await backend('wasm');
console.log('backend', info);
const tok = await AlbertTokenizer.fromFile(fixturePath('tokenizer', 'brown-8k.model'));
const V = tok.vocabSize;
const splits = await loadBrownDocumentSplits({ seed: 42 });
const trainDocs = splits.train.map((d) => d.sentences);
const devDocs = splits.dev.map((d) => d.sentences);
console.log(`documents: train ${trainDocs.length}, dev ${devDocs.length}`);

const CONFIG = {
  vocab_size: V,
  embedding_size: 64,
  hidden_size: 128,
  num_hidden_layers: 4,
  num_hidden_groups: 1,
  num_attention_heads: 2,
  intermediate_size: 512,
  max_position_embeddings: SEQ,
  hidden_act: 'gelu_new',
  hidden_dropout_prob: 0,
  attention_probs_dropout_prob: 0,
  classifier_dropout_prob: 0.1,
};

// Held-out pretraining examples from the dev documents (never trained on).
const heldOut = [];
for await (const ex of createPretrainingExamples(devDocs, tok, {
  maxSeqLength: SEQ,
  dupeFactor: 1,
  randomSeed: 777,
})) {
  heldOut.push(ex);
  if (heldOut.length >= 320) break;
}
const evalBatches = [];
for (let i = 0; i < heldOut.length; i += 32) evalBatches.push(collatePretraining(heldOut.slice(i, i + 32)));

const data = pretrainingDataset(trainDocs, tok, {
  batchSize: BATCH,
  maxSeqLength: SEQ,
  dupeFactor: 1,
  randomSeed: 12345,
});

// Time a few steps first to size the schedule to the budget.
async function timeSteps(n) {
  const m = AlbertForPreTraining.fromConfig(CONFIG, { seed: 1 });
  const o = new Lamb(m.namedParameters(), { lr: 1e-3 });
  const t = new Trainer({
    model: m,
    optimizer: o,
    trainData: data,
    maxSteps: n,
    computeLoss: (mm, b) => pretrainingLoss(mm, b),
  });
  await t.train();
  const t0 = performance.now();
  const t2 = new Trainer({
    model: m,
    optimizer: o,
    trainData: data,
    maxSteps: n + 3,
    computeLoss: (mm, b) => pretrainingLoss(mm, b),
  });
  await t2.train();
  o.dispose();
  m.dispose();
  return (performance.now() - t0) / 3 / 1000;
}
// The step budget follows the wall clock: a first estimate from a short probe, then (unless
// --steps fixes it) re-estimated every few steps from the measured pace, the linear decay
// re-targeted to end when the training-time budget (evaluation excluded) runs out. The machine is
// shared, so a fixed step count sized from one probe can miss the budget by a factor of several.
const FIXED_STEPS = arg('steps', 0);
const stepSec = await timeSteps(2);
const maxSteps = FIXED_STEPS || Math.max(20, Math.floor((MINUTES * 60) / (stepSec * 1.08)));
const warmupSteps = Math.min(30, Math.round(maxSteps * 0.05));
console.log(`~${stepSec.toFixed(2)} s/step → first estimate ${maxSteps} steps in ${MINUTES} min`);

const model = AlbertForPreTraining.fromConfig(CONFIG, { seed: 2024 });
const optimizer = new Lamb(model.namedParameters(), {
  lr: {
    type: 'polynomial',
    lr: LR,
    warmupSteps,
    totalSteps: maxSteps,
    lrEnd: 0,
    power: 1,
  },
  weightDecay: 0.01,
  maxGradNorm: 1,
});
const curve = [];
const evals = [];
let evalSeconds = 0;
const evaluate = async () => {
  const t = performance.now();
  const m = await evaluatePretraining(model, evalBatches);
  evalSeconds += (performance.now() - t) / 1000;
  return {
    eval_loss: m.loss,
    eval_mlm_loss: m.mlmLoss,
    eval_sop_loss: m.sopLoss,
    eval_mlm_accuracy: m.mlmAccuracy,
    eval_sop_accuracy: m.sopAccuracy,
  };
};
const evalEvery = FIXED_STEPS ? Math.max(10, Math.round(maxSteps / 8)) : 50;
const before = await evaluate();
evals.push({ step: 0, ...before });
const t0 = performance.now();
const budget = MINUTES * 60;
const trainTime = () => (performance.now() - t0) / 1000 - evalSeconds;
const retarget = {
  onStepEnd: ({ step }) => {
    const used = trainTime();
    if (FIXED_STEPS) return;
    if (used >= budget) {
      trainer.stop();
      return;
    }
    if (step % 5 === 0) {
      const total = Math.max(step + 1, step + Math.floor((budget - used) / (used / step)));
      optimizer.schedule = createSchedule({
        ...optimizer.schedule.spec,
        totalSteps: Math.max(total, warmupSteps + 1),
      });
    }
    if (step >= optimizer.schedule.spec.totalSteps) trainer.stop();
  },
};
const trainer = new Trainer({
  model,
  optimizer,
  trainData: data,
  maxSteps: FIXED_STEPS || 1_000_000,
  computeLoss: (m, b) => pretrainingLoss(m, b),
  logEvery: FIXED_STEPS ? Math.max(5, Math.round(maxSteps / 40)) : 10,
  evalEvery,
  evaluate,
  seed: 7,
  callbacks: [
    retarget,
    jsonlLogger(join(resultsDir, `${OUT}-pretrain.jsonl`)),
    {
      onLog: (r) => {
        curve.push({
          step: r.step,
          elapsed_s: +r.elapsed.toFixed(1),
          mlm_loss: +r.mlmLoss.toFixed(4),
          sop_loss: +r.sopLoss.toFixed(4),
          lr: r.lr,
          tokens_per_s: Math.round(r.tokensPerSecond),
        });
        console.log(
          `step ${r.step} mlm ${r.mlmLoss.toFixed(3)} sop ${r.sopLoss.toFixed(3)} lr ${r.lr.toExponential(2)} ${Math.round(r.tokensPerSecond)} tok/s`,
        );
      },
      onEvaluate: (e) => {
        evals.push({ step: e.step, ...e.metrics });
        console.log(`eval @${e.step}`, e.metrics);
      },
    },
  ],
});
const result = await trainer.train();
const pretrainSeconds = (performance.now() - t0) / 1000;
const trainSeconds = pretrainSeconds - evalSeconds;
console.log(
  `pretraining: ${result.step} steps, ${trainSeconds.toFixed(0)} s training + ${evalSeconds.toFixed(0)} s evaluation`,
);
const pretrained = await model.toPretrained();
// Kept (git-ignored) so fine-tuning can be repeated without pretraining again.
await model.savePretrained(join(here, '..', '.bench-cache', `${OUT}-pretrained`));
optimizer.dispose();
model.dispose();
let finetuning = null;
if (FINETUNE) finetuning = await runFinetuning();

// ---- Fine-tuning: Brown genre classification (15 labels, 5-sentence chunks, split by document).
async function runFinetuning() {
  const genres = await loadBrownGenres({ seed: 42, unit: 'chunk', chunkSentences: 5 });
  const FT_SEQ = 128;
  const encode = (xs) => {
    const enc = tok.encodeBatch(
      xs.map((x) => x.text),
      { maxLength: FT_SEQ, truncation: true, padding: 'max_length' },
    );
    return xs.map((x, i) => ({
      inputIds: enc[i].inputIds,
      attentionMask: enc[i].attentionMask,
      tokenTypeIds: enc[i].tokenTypeIds,
      label: x.label,
    }));
  };
  const shuffle = (xs, seed) => {
    let s = seed;
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      const j = (s >>> 8) % (i + 1);
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const ftTrain = encode(genres.train);
  const ftTest = encode(shuffle(genres.test, 3).slice(0, 600));
  const FT_BATCH = 16;
  const ftData = {
    *batches(epoch) {
      const xs = shuffle(ftTrain, 1000 + epoch);
      for (let i = 0; i + FT_BATCH <= xs.length; i += FT_BATCH) {
        const b = xs.slice(i, i + FT_BATCH);
        yield {
          inputIds: b.map((x) => x.inputIds),
          attentionMask: b.map((x) => x.attentionMask),
          tokenTypeIds: b.map((x) => x.tokenTypeIds),
          labels: b.map((x) => x.label),
        };
      }
    },
  };
  async function accuracy(m, xs) {
    let right = 0;
    for (let i = 0; i < xs.length; i += 50) {
      const b = xs.slice(i, i + 50);
      const pred = tf.tidy(() =>
        tf.argMax(
          m.call({
            inputIds: b.map((x) => x.inputIds),
            attentionMask: b.map((x) => x.attentionMask),
            tokenTypeIds: b.map((x) => x.tokenTypeIds),
          }).logits,
          -1,
        ),
      );
      const p = await pred.data();
      pred.dispose();
      b.forEach((x, k) => {
        if (p[k] === x.label) right++;
      });
    }
    return right / xs.length;
  }
  // Size the fine-tuning runs to the budget with a short timing run.
  async function finetune(llrd, steps) {
    const id2label = Object.fromEntries(genres.labels.map((l, i) => [String(i), l]));
    const label2id = Object.fromEntries(genres.labels.map((l, i) => [l, i]));
    const config = {
      ...pretrained.config,
      num_labels: genres.labels.length,
      id2label,
      label2id,
      architectures: ['AlbertForSequenceClassification'],
    };
    const m = await AlbertForSequenceClassification.fromPretrained(
      { config, weights: pretrained.weights },
      { seed: 5, onReport: () => {} },
    );
    const params = m.namedParameters();
    const opt = new AdamW(params, {
      lr: { type: 'linear', lr: 5e-4, warmupSteps: Math.round(steps * 0.1), totalSteps: steps },
      weightDecay: 0.01,
      maxGradNorm: 1,
      lrScales: llrd ? layerwiseLrDecay(params, { decay: llrd }) : undefined,
    });
    const t = performance.now();
    const losses = [];
    await new Trainer({
      model: m,
      optimizer: opt,
      trainData: ftData,
      maxSteps: steps,
      logEvery: Math.max(5, Math.round(steps / 10)),
      seed: 9,
      callbacks: [{ onLog: (r) => void losses.push({ step: r.step, loss: +r.loss.toFixed(4) }) }],
    }).train();
    const secs = (performance.now() - t) / 1000;
    const acc = await accuracy(m, ftTest);
    opt.dispose();
    m.dispose();
    return { llrd, steps, seconds: +secs.toFixed(1), test_accuracy: +acc.toFixed(4), losses };
  }
  // A fixed number of steps for both runs (time would depend on the machine's load).
  const ftSteps = FT_STEPS;
  const withoutLlrd = await finetune(null, ftSteps);
  console.log('without LLRD', withoutLlrd);
  const withLlrd = await finetune(0.8, ftSteps);
  console.log('with LLRD 0.8', withLlrd);
  return {
    task: `Brown genre (${genres.labels.length} labels), 5-sentence chunks, train ${ftTrain.length} / test subset ${ftTest.length}`,
    batch: FT_BATCH,
    seq: FT_SEQ,
    optimizer: 'AdamW lr 5e-4, linear warmup 10% + decay, wd 0.01',
    without_llrd: withoutLlrd,
    with_llrd: withLlrd,
  };
}

const out = {
  what: 'pretrain tiny ALBERT on Brown (train documents), then fine-tune Brown genres with/without LLRD',
  backend: info,
  machine: { node: process.version, cpus: 2, loadavg_end: loadavg().map((x) => +x.toFixed(2)) },
  config: CONFIG,
  vocab: V,
  ln_vocab: +Math.log(V).toFixed(4),
  pretraining: {
    batch: BATCH,
    seq: SEQ,
    optimizer: OPT,
    lr: LR,
    schedule: FIXED_STEPS
      ? 'linear warmup 5% + linear decay'
      : `linear warmup ${warmupSteps} steps + linear decay ending when ${MINUTES} min of training time are used`,
    budget_minutes: MINUTES,
    steps: result.step,
    train_seconds: +trainSeconds.toFixed(1),
    eval_seconds: +evalSeconds.toFixed(1),
    tokens_seen: result.step * BATCH * SEQ,
    held_out_examples: heldOut.length,
    curve,
    evals,
  },
  finetuning,
  peak_rss_mb: peakRssMb(),
};
writeFileSync(join(resultsDir, `${OUT}.json`), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote bench/results/${OUT}.json`);
