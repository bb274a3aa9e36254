// Acceptance 4 (learning, measured honestly): pretrain a tiny ALBERT (H 128, E 64, 4 layers in one
// shared group, brown-8k vocab) on the Brown training documents for a bounded wall-clock budget,
// recording the MLM-loss curve against ln(vocab) and held-out SOP accuracy on ≥ 1,000 examples
// from the dev documents; then fine-tune from that checkpoint with and without layer-wise LR decay
// on Brown genres (15 labels) and fiction vs non-fiction (2 labels).
//   ALBERT_NATIVE_THREADS=1 node bench/learn.mjs [--minutes 10] [--optimizer lamb|adamw] [--lr 0.005]
//     [--batch 32] [--seq 64] [--heads 2] [--ffn 512] [--warmup 0.05] [--out learn] [--no-finetune]
//     [--finetune-from DIR] [--finetune-steps 500] [--eval-every-min 1] [--steps N]
import '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { loadBrownDocumentSplits } from '@albert-ts/datasets/node';
import { AlbertForPreTraining } from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import {
  AdamW,
  collatePretraining,
  createPretrainingExamples,
  createSchedule,
  evaluatePretraining,
  Lamb,
  pretrainingDataset,
  pretrainingLoss,
  Trainer,
} from '../dist/index.js';
import { jsonlLogger } from '../dist/node.js';
import { backend, here, peakRssMb, resultsDir } from './common.mjs';
import { runFinetuning } from './finetune.mjs';

const argv = process.argv;
const str = (name, d) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? d : argv[i + 1];
};
const num = (name, d) => Number(str(name, d));
const MINUTES = num('minutes', 10);
const BATCH = num('batch', 32);
const SEQ = num('seq', 64);
const OPT = str('optimizer', 'lamb');
const LR = num('lr', OPT === 'adamw' ? 1e-3 : 5e-3);
const WARMUP = num('warmup', 0.05); // fraction of the (re-targeted) steps; ≥ 1 = steps
const WD = num('weight-decay', 0.01);
const FIXED_STEPS = num('steps', 0);
const EVAL_EVERY_MIN = num('eval-every-min', 1);
const HELD_OUT_MAX = num('held-out', 2000);
const FINETUNE = !argv.includes('--no-finetune');
const FINETUNE_FROM = str('finetune-from', null);
const FT_STEPS = num('finetune-steps', 500);
const OUT = str('out', 'learn');
mkdirSync(resultsDir, { recursive: true });

const info = await backend('wasm');
const threads = process.env.ALBERT_NATIVE_THREADS ?? '(default)';
console.log('backend', info, 'ALBERT_NATIVE_THREADS', threads);
const tok = await AlbertTokenizer.fromFile(fixturePath('tokenizer', 'brown-8k.model'));
const V = tok.vocabSize;

if (FINETUNE_FROM) {
  // Fine-tuning only, from a saved pretrained model (e.g. .bench-cache/learn-pretrained).
  const { AlbertForPreTraining: P } = await import('@albert-ts/heads');
  const m = await P.fromPretrained(FINETUNE_FROM, { onReport: () => {} });
  const pretrained = await m.toPretrained();
  m.dispose();
  const finetuning = await runFinetuning(pretrained, tok, FT_STEPS);
  writeFileSync(join(resultsDir, `${OUT}-finetune.json`), `${JSON.stringify(finetuning, null, 2)}\n`);
  console.log(`wrote bench/results/${OUT}-finetune.json`);
  process.exit(0);
}

const splits = await loadBrownDocumentSplits({ seed: 42 });
const trainDocs = splits.train.map((d) => d.sentences);
const devDocs = splits.dev.map((d) => d.sentences);
console.log(`documents: train ${trainDocs.length}, dev ${devDocs.length}`);

const CONFIG = {
  vocab_size: V,
  embedding_size: num('embed', 64),
  hidden_size: num('hidden', 128),
  num_hidden_layers: num('layers', 4),
  num_hidden_groups: 1,
  num_attention_heads: num('heads', 2),
  intermediate_size: num('ffn', 512),
  max_position_embeddings: SEQ,
  hidden_act: 'gelu_new',
  hidden_dropout_prob: num('dropout', 0),
  attention_probs_dropout_prob: num('dropout', 0),
  classifier_dropout_prob: num('classifier-dropout', 0.1),
};
const DATA = {
  maxSeqLength: SEQ,
  dupeFactor: num('dupe', 1),
  shortSeqProb: num('short-seq-prob', 0.1),
};

// Tokenising each sentence once (epochs re-segment and re-mask, the pieces never change).
const pieceCache = new Map();
const cachedTok = new Proxy(tok, {
  get(t, k) {
    if (k === 'tokenize')
      return (s) => {
        let p = pieceCache.get(s);
        if (!p) {
          p = t.tokenize(s);
          pieceCache.set(s, p);
        }
        return p;
      };
    const v = t[k];
    return typeof v === 'function' ? v.bind(t) : v;
  },
});

// Held-out pretraining examples: every example of one pass over the dev documents (never trained
// on), so ≥ 1,000 of them (1,303 at seq 128, 2,278 at 64).
const heldOut = [];
for await (const ex of createPretrainingExamples(devDocs, cachedTok, {
  ...DATA,
  dupeFactor: 1,
  randomSeed: 777,
})) {
  heldOut.push(ex);
  if (heldOut.length >= HELD_OUT_MAX) break;
}
const evalBatches = [];
for (let i = 0; i < heldOut.length; i += 64) evalBatches.push(collatePretraining(heldOut.slice(i, i + 64)));
const swappedShare = heldOut.reduce((a, e) => a + e.sentenceOrderLabel, 0) / heldOut.length;
console.log(`held-out: ${heldOut.length} examples, ${(swappedShare * 100).toFixed(1)}% swapped`);

const data = pretrainingDataset(trainDocs, cachedTok, { batchSize: BATCH, ...DATA, randomSeed: 12345 });

const model = AlbertForPreTraining.fromConfig(CONFIG, { seed: num('seed', 2024) });
// The step budget follows the wall clock: the linear decay is re-targeted every few steps from the
// measured pace to end when the training-time budget (evaluation excluded) runs out.
const guess = FIXED_STEPS || Math.round(MINUTES * 60 * 3);
const warmupOf = (total) => (WARMUP >= 1 ? Math.round(WARMUP) : Math.max(1, Math.round(total * WARMUP)));
const spec = {
  type: 'polynomial',
  lr: LR,
  warmupSteps: warmupOf(guess),
  totalSteps: guess,
  lrEnd: 0,
  power: 1,
};
const optOpts = { lr: spec, weightDecay: WD, maxGradNorm: 1 };
const optimizer =
  OPT === 'adamw' ? new AdamW(model.namedParameters(), optOpts) : new Lamb(model.namedParameters(), optOpts);

const curve = [];
const evals = [];
let evalSeconds = 0;
let t0 = 0;
const trainTime = () => (trainEnd ?? performance.now() - t0) / 1000 - evalSeconds;
let lastLog = null;
let lastStep = 0;
// The first logged step of the second pass over the documents: steps per epoch, for the report.
let epochSteps = null;
let trainEnd = null;
async function evaluate(step) {
  const minutes = +((step === 0 ? 0 : trainTime()) / 60).toFixed(2);
  const t = performance.now();
  const m = await evaluatePretraining(model, evalBatches);
  const rec = {
    step,
    minutes,
    train_mlm_loss: lastLog ? lastLog.mlm : null,
    train_sop_loss: lastLog ? lastLog.sop : null,
    eval_mlm_loss: +m.mlmLoss.toFixed(4),
    eval_sop_loss: +m.sopLoss.toFixed(4),
    eval_mlm_accuracy: +m.mlmAccuracy.toFixed(4),
    eval_sop_accuracy: +m.sopAccuracy.toFixed(4),
  };
  evalSeconds += (performance.now() - t) / 1000;
  evals.push(rec);
  console.log('eval', JSON.stringify(rec));
}
await evaluate(0);
// Train losses for the curve: mean over the log window since the previous evaluation.
let win = { mlm: 0, sop: 0, n: 0 };
const budget = MINUTES * 60;
let nextEval = EVAL_EVERY_MIN * 60;
let ended = false;
const control = {
  onStepEnd: async ({ step }) => {
    const used = trainTime();
    if (!FIXED_STEPS) {
      if (used >= budget) ended = true;
      else if (step % 5 === 0) {
        const total = Math.max(step + 1, step + Math.floor((budget - used) / (used / step)));
        optimizer.schedule = createSchedule({
          ...spec,
          totalSteps: total,
          warmupSteps: Math.min(warmupOf(total), total - 1),
        });
      }
    } else if (step >= FIXED_STEPS) ended = true;
    if (used >= nextEval || ended) {
      lastLog = win.n ? { mlm: +(win.mlm / win.n).toFixed(4), sop: +(win.sop / win.n).toFixed(4) } : lastLog;
      win = { mlm: 0, sop: 0, n: 0 };
      while (nextEval <= used) nextEval += EVAL_EVERY_MIN * 60;
      lastStep = step;
      await evaluate(step);
      // Partial results after every evaluation, so a long run stopped early still leaves its curve.
      writeResults(null, true);
    }
    if (ended) trainer.stop();
  },
  onLog: (r) => {
    if (epochSteps === null && r.epoch >= 1) epochSteps = r.step;
    win.mlm += r.mlmLoss;
    win.sop += r.sopLoss;
    win.n++;
    curve.push({
      step: r.step,
      train_s: +trainTime().toFixed(1),
      mlm_loss: +r.mlmLoss.toFixed(4),
      sop_loss: +r.sopLoss.toFixed(4),
      lr: +r.lr.toPrecision(4),
      tokens_per_s: Math.round(r.tokensPerSecond),
    });
    if (r.step % 100 === 0)
      console.log(
        `step ${r.step} ${(trainTime() / 60).toFixed(2)} min mlm ${r.mlmLoss.toFixed(3)} sop ${r.sopLoss.toFixed(3)} lr ${r.lr.toExponential(2)} ${Math.round(r.tokensPerSecond)} tok/s`,
      );
  },
};
const trainer = new Trainer({
  model,
  optimizer,
  trainData: data,
  maxSteps: FIXED_STEPS || 10_000_000,
  computeLoss: (m, b) => pretrainingLoss(m, b),
  logEvery: 10,
  seed: 7,
  callbacks: [control, jsonlLogger(join(resultsDir, `${OUT}-pretrain.jsonl`))],
});
t0 = performance.now();
const result = await trainer.train();
lastStep = result.step;
trainEnd = performance.now() - t0;
const trainSeconds = trainTime();
console.log(
  `pretraining: ${result.step} steps, ${trainSeconds.toFixed(0)} s training + ${evalSeconds.toFixed(0)} s evaluation`,
);
const pretrained = await model.toPretrained();
// Kept (git-ignored) so fine-tuning can be repeated without pretraining again (--finetune-from).
await model.savePretrained(join(here, '..', '.bench-cache', `${OUT}-pretrained`));
optimizer.dispose();
model.dispose();
const finetuning = FINETUNE ? await runFinetuning(pretrained, tok, FT_STEPS) : null;

function results(finetuning, partial) {
  const crossed = evals.find((e) => e.eval_sop_accuracy > 0.6);
  return {
    partial,
    what: 'pretrain tiny ALBERT on Brown (train documents), then fine-tune Brown genres / fiction vs non-fiction with and without LLRD',
    backend: info,
    native_threads: threads,
    machine: { node: process.version, cpus: 2, loadavg_end: loadavg().map((x) => +x.toFixed(2)) },
    config: CONFIG,
    vocab: V,
    ln_vocab: +Math.log(V).toFixed(4),
    pretraining: {
      batch: BATCH,
      seq: SEQ,
      data: DATA,
      optimizer: OPT === 'adamw' ? 'AdamW' : 'LAMB',
      lr: LR,
      weight_decay: WD,
      schedule: FIXED_STEPS
        ? `linear warmup ${warmupOf(FIXED_STEPS)} steps + linear decay over ${FIXED_STEPS} steps`
        : `linear warmup ${WARMUP >= 1 ? `${WARMUP} steps` : `${WARMUP * 100}%`} + linear decay re-targeted to end when ${MINUTES} min of training time are used`,
      budget_minutes: MINUTES,
      steps: lastStep,
      epoch_steps: epochSteps,
      train_seconds: +trainTime().toFixed(1),
      eval_seconds: +evalSeconds.toFixed(1),
      steps_per_second: +(lastStep / trainTime()).toFixed(3),
      tokens_seen: lastStep * BATCH * SEQ,
      held_out_examples: heldOut.length,
      held_out_swapped_share: +swappedShare.toFixed(4),
      sop_accuracy_standard_error: +Math.sqrt(0.25 / heldOut.length).toFixed(4),
      first_eval_above_0_6: crossed ? { step: crossed.step, minutes: crossed.minutes } : null,
      evals,
      curve,
    },
    finetuning,
    peak_rss_mb: peakRssMb(),
  };
}
function writeResults(finetuning, partial) {
  writeFileSync(
    join(resultsDir, `${OUT}.json`),
    `${JSON.stringify(results(finetuning, partial), null, 2)}\n`,
  );
}
writeResults(finetuning, false);
console.log(`wrote bench/results/${OUT}.json`);
