import type { NativeWarning } from '../lib/native-warning.js';
import type { SpeedProbe } from './speed-probe.js';

/** What the demo measures, as plain data (written to summary.json and rendered into the report). */

export interface LogPoint {
  step: number;
  loss: number;
  lr: number;
  [key: string]: number;
}

export interface RunResult {
  /** 'pretrained' or 'scratch'. */
  init: 'pretrained' | 'scratch';
  metrics: Record<string, number>;
  /** Confusion matrix on the test split (rows true, columns predicted). */
  confusion?: { labels: string[]; matrix: number[][] };
  logs: LogPoint[];
  evals: Array<{ step: number; [metric: string]: number }>;
  steps: number;
  seconds: number;
  /** Where the model was saved (HF layout). */
  modelDir: string;
}

export interface TaskResult {
  task: string;
  /** e.g. 'SpamAssassin spam/ham'. */
  title: string;
  kind: 'sequence-classification' | 'token-classification';
  /** The metric the table ranks by. */
  metric: string;
  baselineName: string;
  baseline: Record<string, number>;
  runs: RunResult[];
  counts: { train: number; dev: number; test: number };
  labels: string[];
}

export interface PretrainResult {
  steps: number;
  seconds: number;
  examples: number;
  tokensSeen: number;
  logs: LogPoint[];
  evals: Array<{ step: number; [metric: string]: number }>;
  heldOut: Record<string, number>;
  heldOutExamples: number;
  modelDir: string;
  config: Record<string, unknown>;
}

export interface TokenizerResult {
  vocabSize: number;
  sentences: number;
  seconds: number;
  modelPath: string;
  piecesPerSentence: number;
  example: { text: string; pieces: string[] };
}

export interface AttentionExample {
  sentence: string;
  tokens: string[];
  layer: number;
  /** [head][query][key] of the chosen layer. */
  attention: number[][][];
}

export interface DemoResults {
  startedAt: string;
  finishedAt: string;
  seconds: number;
  machine: string;
  backend: { backend: string; native: boolean; reason?: string };
  /** The warning printed before the run when the native kernels were not in use. */
  warning?: NativeWarning;
  /** How the plan was chosen from the measured speed (absent in runs older than this field). */
  planChoice?: {
    path: 'default' | 'slow';
    /** Probe step of the default model ÷ the reference (NaN with fixed steps: not probed). */
    slowdown: number;
    expectedPosPasses: number;
    probes: SpeedProbe[];
    notes: string[];
  };
  budget: number;
  seed: number;
  settings: Record<string, unknown>;
  tokenizer: TokenizerResult;
  pretrain: PretrainResult;
  tasks: TaskResult[];
  attention?: AttentionExample;
  timings: Array<[string, number]>;
}
