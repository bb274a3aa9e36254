/**
 * What the demo does at a given budget. Each training phase has a TIME budget and a step cap; the
 * learning-rate schedule follows the progress of the budget (see TimeBudget), so the phase warms up
 * and decays to zero in its time on any machine, unless `fixedSteps` asks for exactly the cap
 * (reproducible step counts, tests). Budget 1 is sized to finish in ≤ 15 minutes on the project's
 * 2-core machine; `--budget 2` doubles every time budget and step cap.
 */
export interface ModelShape {
  embeddingSize: number;
  hiddenSize: number;
  numHiddenLayers: number;
  numAttentionHeads: number;
  intermediateSize: number;
}

export interface PhaseTime {
  /** Seconds of training this phase may take. */
  seconds: number;
  /** Step cap (and the exact count with fixedSteps). */
  maxSteps: number;
  minSteps: number;
}

export interface TaskPlan extends PhaseTime {
  batchSize: number;
  maxLength: number;
  lr: number;
  /** Layer-wise LR decay factor (1 = off). */
  llrd: number;
  /** Training examples used (subset of the train split, seeded), 0 = all. */
  trainLimit: number;
  /** Test examples scored, 0 = all. */
  testLimit: number;
  /** Dev examples scored at each evaluation during training. */
  devLimit: number;
  evals: number;
}

export interface DemoPlan {
  vocabSize: number;
  /** Sentences the tokenizer is trained on (0 = all train-split sentences). */
  tokenizerSentences: number;
  fixedSteps: boolean;
  model: ModelShape;
  pretrain: PhaseTime & {
    batchSize: number;
    maxSeqLength: number;
    lr: number;
    warmup: number;
    heldOutExamples: number;
    evals: number;
  };
  spam: TaskPlan;
  pos: TaskPlan;
  genre: TaskPlan;
}

const scale = (n: number, budget: number, min: number) => Math.max(min, Math.round(n * budget));

export function demoPlan(budget: number, vocabSize = 8000): DemoPlan {
  const b = budget;
  const small = b < 0.2;
  return {
    vocabSize,
    tokenizerSentences: small ? scale(45000, b, 2000) : 0,
    fixedSteps: false,
    // Two layers sharing one group: on 2 cores a training step costs ~linearly in depth, and the
    // tasks gain more from twice the steps than from twice the depth at this budget.
    model: {
      embeddingSize: 128,
      hiddenSize: 128,
      numHiddenLayers: 2,
      numAttentionHeads: 2,
      intermediateSize: 512,
    },
    pretrain: {
      seconds: 210 * b,
      maxSteps: scale(6000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxSeqLength: 128,
      lr: 5e-3,
      warmup: 0.06,
      heldOutExamples: scale(128, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    spam: {
      seconds: 95 * b,
      maxSteps: scale(3000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 128,
      lr: 2e-3,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: b >= 0.5 ? 0 : scale(600, b, 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    pos: {
      seconds: 100 * b,
      maxSteps: scale(3000, b, 2),
      minSteps: 2,
      batchSize: 64,
      maxLength: 96,
      lr: 2e-3,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: scale(2000, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    genre: {
      seconds: 55 * b,
      maxSteps: scale(1500, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 128,
      lr: 2e-3,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: scale(600, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
  };
}
