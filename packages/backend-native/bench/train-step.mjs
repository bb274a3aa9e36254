// One ALBERT pretraining step with the real packages: @albert-ts/heads AlbertForPreTraining,
// @albert-ts/training AdamW and computeGradients. Shared by train.mjs and profile.mjs.
import { crossEntropy, prepareEncoderInputs } from '@albert-ts/core';
import { AlbertForPreTraining } from '@albert-ts/heads';
import { AdamW, computeGradients } from '@albert-ts/training';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Builds model, optimizer and a fixed batch. `mlmFull`: MLM logits at every position with -100
 * labels elsewhere (HF AlbertForPreTraining); otherwise the MLM head sees only the `positions`
 * masked positions per sequence (Google ALBERT's gather), as the PyTorch peer does.
 */
export async function makeTrainStep(
  config,
  { batch = 8, seq = 128, positions = 20, mlmFull = false, seed = 1, fusedLoss = false } = {},
) {
  // core's fused softmax cross-entropy (no one-hot [rows, vocab] tensor) instead of crossEntropy
  const xent = fusedLoss
    ? (await import(new URL('../../core/dist/kernels/cross-entropy.js', import.meta.url).href))
        .softmaxCrossEntropyOp
    : crossEntropy;
  const model = AlbertForPreTraining.fromConfig(config, { seed });
  const params = model.namedParameters();
  const opt = new AdamW(params, { lr: 1e-4, weightDecay: 0.01 });
  let s = seed * 7919 + 1;
  const rand = (n) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s % n;
  };
  const ids = Array.from({ length: batch }, () =>
    Array.from({ length: seq }, () => 5 + rand(config.vocab_size - 5)),
  );
  const types = Array.from({ length: batch }, () =>
    Array.from({ length: seq }, (_, j) => (j >= seq / 2 ? 1 : 0)),
  );
  const pos = Array.from({ length: batch }, () => {
    const set = new Set();
    while (set.size < positions) set.add(1 + rand(seq - 1));
    return [...set];
  });
  const mlmLabels = pos.map((row) => row.map(() => 5 + rand(config.vocab_size - 5)));
  const sop = Array.from({ length: batch }, () => rand(2));

  const inputIds = tf.tensor2d(ids, [batch, seq], 'int32');
  const tokenTypeIds = tf.tensor2d(types, [batch, seq], 'int32');
  const attentionMask = tf.ones([batch, seq], 'int32');
  const flatPos = tf.tensor1d(
    pos.flatMap((row, b) => row.map((p) => b * seq + p)),
    'int32',
  );
  const flatLabels = tf.tensor1d(mlmLabels.flat(), 'int32');
  const sopLabels = tf.tensor1d(sop, 'int32');
  const fullLabels = tf.tensor2d(
    ids.map((row, b) => row.map((_, j) => (pos[b].includes(j) ? mlmLabels[b][pos[b].indexOf(j)] : -100))),
    [batch, seq],
    'int32',
  );

  // No dropout anywhere (the configs have 0; the SOP head's 0.1 is left off), as in the peer.
  const loss = () => {
    if (mlmFull) {
      return model.call(
        { inputIds, tokenTypeIds, attentionMask, labels: fullLabels, sentenceOrderLabel: sopLabels },
        { training: false },
      ).loss;
    }
    const enc = prepareEncoderInputs(model.config, {
      inputIds,
      tokenTypeIds,
      attentionMask,
    });
    const out = model.albert.forward(enc, { training: false });
    const H = out.lastHiddenState.shape[2];
    const picked = tf.gather(tf.reshape(out.lastHiddenState, [batch * seq, H]), flatPos);
    const logits = model.head.predictions.forward(picked);
    const mlm = xent(logits, flatLabels);
    const sopLoss = xent(model.head.sop_classifier.forward(out.poolerOutput, false), sopLabels);
    return tf.add(mlm, sopLoss);
  };

  const step = async () => {
    const { value, grads } = computeGradients(params, loss);
    const r = opt.applyGradients(grads);
    const v = (await value.data())[0];
    tf.dispose([value, r.gradNorm, ...grads.values()]);
    return v;
  };
  const dispose = () => {
    opt.dispose?.();
    model.dispose();
    tf.dispose([inputIds, tokenTypeIds, attentionMask, flatPos, flatLabels, sopLabels, fullLabels]);
  };
  const nParams = params.reduce((n, [, v]) => n + v.size, 0);
  return { step, dispose, nParams };
}
