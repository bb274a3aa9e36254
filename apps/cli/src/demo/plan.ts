/**
 * What the demo does at a given budget. Each training phase has a TIME budget and a step cap: the
 * demo times two training steps first and fits the step count into the time (so the learning-rate
 * schedule still warms up and decays to zero), unless `fixedSteps` asks for the cap exactly
 * (reproducible runs, tests). Budget 1 is sized to finish in ≤ 15 minutes on the project's 2-core
 * machine; `--budget 2` doubles every time budget and step cap.
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
    model: {
      embeddingSize: 128,
      hiddenSize: 128,
      numHiddenLayers: 4,
      numAttentionHeads: 2,
      intermediateSize: 512,
    },
    pretrain: {
      seconds: 330 * b,
      maxSteps: scale(4000, b, 2),
      minSteps: 2,
      batchSize: 16,
      maxSeqLength: 128,
      lr: 2e-3,
      warmup: 0.06,
      heldOutExamples: scale(256, Math.min(1, b), 16),
      evals: small ? 1 : 5,
    },
    spam: {
      seconds: 55 * b,
      maxSteps: scale(1500, b, 2),
      minSteps: 2,
      batchSize: 16,
      maxLength: 128,
      lr: 3e-4,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: b >= 0.5 ? 0 : scale(600, b, 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    pos: {
      seconds: 75 * b,
      maxSteps: scale(3000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 96,
      lr: 1e-3,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: scale(2000, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    genre: {
      seconds: 45 * b,
      maxSteps: scale(1500, b, 2),
      minSteps: 2,
      batchSize: 16,
      maxLength: 128,
      lr: 3e-4,
      llrd: 0.8,
      trainLimit: 0,
      testLimit: scale(600, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
  };
}
