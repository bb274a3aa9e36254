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
  /** Pieces taken from the end of a long text (`[CLS] head [SEP] tail [SEP]`); 0 = the head only. */
  tail?: number;
}

/** Token classification: how words map to pieces (see `alignWords` and `predictWordTags`). */
export interface TagPlan extends TaskPlan {
  /** Train every piece of a word on its tag (false: the first piece only, HF's default). */
  labelAllPieces: boolean;
  /** Read a word's tag from its first piece or from the mean log-probability of its pieces. */
  wordPooling: 'first' | 'mean';
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
  pos: TagPlan;
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
    // LAMB 5e-3 on batches of 32 × 64 (the training package's measurements: at 128 tokens the
    // sentence-order task stays at chance in minutes; 0.01 is worse, 0.03 collapses).
    pretrain: {
      seconds: 150 * b,
      maxSteps: scale(12000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxSeqLength: 64,
      lr: 5e-3,
      warmup: 0.05,
      heldOutExamples: scale(128, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    // Fine-tuning (chosen on the dev splits, see the README): AdamW without layer-wise decay, which
    // (at 0.8) slowed the pretrained model's lower layers so much that it fell far behind the
    // from-scratch one. Spam at 5e-4: at 1e-3 and above the from-scratch model sometimes collapses
    // to predicting 'ham' for every email and never recovers.
    spam: {
      seconds: 70 * b,
      maxSteps: scale(3000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 128,
      // Emails as their first 77 and last 48 pieces: the end (unsubscribe lines, mailing-list
      // footers) tells spam from ham as well as the start does.
      tail: 48,
      lr: 5e-4,
      llrd: 1,
      trainLimit: 0,
      testLimit: b >= 0.5 ? 0 : scale(600, b, 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
    // POS needs passes over the data (a word seen a few times must be remembered): ~3 epochs of
    // batch 32 on 2 cores, every piece of a word trained on its tag, words read as the mean of their
    // pieces' log-probabilities (multi-piece words were the model's main weakness).
    pos: {
      seconds: 150 * b,
      maxSteps: scale(9000, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 96,
      lr: 2e-3,
      llrd: 1,
      trainLimit: 0,
      testLimit: scale(2000, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
      labelAllPieces: true,
      wordPooling: 'mean',
    },
    genre: {
      seconds: 35 * b,
      maxSteps: scale(1500, b, 2),
      minSteps: 2,
      batchSize: 32,
      maxLength: 128,
      lr: 1e-3,
      llrd: 1,
      trainLimit: 0,
      testLimit: scale(600, Math.min(2, b), 24),
      devLimit: scale(200, Math.min(1, b), 16),
      evals: small ? 1 : 3,
    },
  };
}
