// Fine-tuning half of bench/learn.mjs: from a pretrained tiny ALBERT, train sequence classifiers on
// two Brown tasks (split by document, as the pretraining data) with and without layer-wise LR decay:
//   - genre: 15 labels, 5-sentence chunks;
//   - fiction: fiction vs non-fiction (Brown's "imaginative prose" genres k–r vs "informative" a–j),
//     the same chunks with 2 labels — a task with a clearer signal.
// The same steps, batch, schedule and seed for both arms; accuracy on the test documents' chunks
// (at most 1,000, a fixed seeded subset), inputs truncated to min(128, max_position_embeddings) tokens, next to always answering the training set's majority label.
import { loadBrownGenres } from '@albert-ts/datasets/node';
import { AlbertForSequenceClassification } from '@albert-ts/heads';
import * as tf from '@tensorflow/tfjs-core';
import { AdamW, layerwiseLrDecay, Trainer } from '../dist/index.js';

const FICTION = new Set(['fiction', 'mystery', 'science_fiction', 'adventure', 'romance', 'humor']);
const BATCH = 16;
const LR = 5e-4;
const DECAY = 0.8;

function shuffle(xs, seed) {
  let s = seed;
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = (s >>> 8) % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

export async function brownTasks() {
  const genres = await loadBrownGenres({ seed: 42, unit: 'chunk', chunkSentences: 5 });
  const relabel = (xs) => xs.map((x) => ({ ...x, label: FICTION.has(x.genre) ? 1 : 0 }));
  return [
    { name: 'genre', labels: genres.labels, train: genres.train, test: genres.test },
    {
      name: 'fiction',
      labels: ['non_fiction', 'fiction'],
      train: relabel(genres.train),
      test: relabel(genres.test),
    },
  ].map((t) => {
    const test = shuffle(t.test, 3).slice(0, 1000);
    const counts = new Map();
    for (const x of t.train) counts.set(x.label, (counts.get(x.label) ?? 0) + 1);
    const majority = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    return { ...t, test, majority: test.filter((x) => x.label === majority).length / test.length };
  });
}

export async function runFinetuning(pretrained, tok, steps) {
  // At most 128 tokens, and no more than the pretrained model has positions for.
  const SEQ = Math.min(128, pretrained.config.max_position_embeddings);
  const encode = (xs) => {
    const enc = tok.encodeBatch(
      xs.map((x) => x.text),
      { maxLength: SEQ, truncation: true, padding: 'max_length' },
    );
    return xs.map((x, i) => ({ ...enc[i], label: x.label }));
  };
  const out = {
    batch: BATCH,
    seq: SEQ,
    steps,
    optimizer: `AdamW lr ${LR}, linear warmup 10% + linear decay, weight decay 0.01, clipping 1.0`,
    llrd: `${DECAY} (embeddings ×${+(DECAY ** 2).toFixed(4)}, shared encoder ×${DECAY}, pooler + classifier ×1)`,
    tasks: [],
  };
  for (const task of await brownTasks()) {
    const train = encode(task.train);
    const test = encode(task.test);
    const data = {
      *batches(epoch) {
        const xs = shuffle(train, 1000 + epoch);
        for (let i = 0; i + BATCH <= xs.length; i += BATCH) {
          const b = xs.slice(i, i + BATCH);
          yield {
            inputIds: b.map((x) => x.inputIds),
            attentionMask: b.map((x) => x.attentionMask),
            tokenTypeIds: b.map((x) => x.tokenTypeIds),
            labels: b.map((x) => x.label),
          };
        }
      },
    };
    const arms = {};
    for (const llrd of [null, DECAY]) {
      const config = {
        ...pretrained.config,
        num_labels: task.labels.length,
        id2label: Object.fromEntries(task.labels.map((l, i) => [String(i), l])),
        label2id: Object.fromEntries(task.labels.map((l, i) => [l, i])),
        architectures: ['AlbertForSequenceClassification'],
      };
      const m = await AlbertForSequenceClassification.fromPretrained(
        { config, weights: pretrained.weights },
        { seed: 5, onReport: () => {} },
      );
      const params = m.namedParameters();
      const opt = new AdamW(params, {
        lr: { type: 'linear', lr: LR, warmupSteps: Math.round(steps * 0.1), totalSteps: steps },
        weightDecay: 0.01,
        maxGradNorm: 1,
        lrScales: llrd ? layerwiseLrDecay(params, { decay: llrd }) : undefined,
      });
      const t = performance.now();
      const losses = [];
      await new Trainer({
        model: m,
        optimizer: opt,
        trainData: data,
        maxSteps: steps,
        logEvery: Math.max(5, Math.round(steps / 10)),
        seed: 9,
        callbacks: [{ onLog: (r) => void losses.push({ step: r.step, loss: +r.loss.toFixed(4) }) }],
      }).train();
      const seconds = (performance.now() - t) / 1000;
      const accuracy = await accuracyOf(m, test);
      opt.dispose();
      m.dispose();
      arms[llrd ? 'with_llrd' : 'without_llrd'] = {
        llrd,
        seconds: +seconds.toFixed(1),
        test_accuracy: +accuracy.toFixed(4),
        losses,
      };
      console.log(`${task.name} ${llrd ? `LLRD ${llrd}` : 'no LLRD'}: accuracy ${accuracy.toFixed(4)}`);
    }
    out.tasks.push({
      task: task.name,
      labels: task.labels.length,
      train_examples: train.length,
      test_examples: test.length,
      majority_baseline: +task.majority.toFixed(4),
      ...arms,
    });
  }
  return out;
}

async function accuracyOf(m, xs) {
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
