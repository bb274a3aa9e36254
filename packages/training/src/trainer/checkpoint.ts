import {
  parseSafetensors,
  type RawTensor,
  readFloat32,
  safetensorsSource,
  writeSafetensors,
} from '@albert-ts/core';
import * as tf from '@tensorflow/tfjs-core';
import { TrainingError } from '../errors.js';
import type { NamedOptimizer, OptimizerState } from '../optim/optimizer.js';
import type { RngState } from '../rng.js';
import type { CheckpointableModel, TrainableModel } from './types.js';

/** Everything about a run that is not a tensor; `trainer_state.json` of a checkpoint. */
export interface TrainerState {
  version: 1;
  /** Optimizer updates done. */
  step: number;
  /** Current epoch and how many micro-batches of it were consumed. */
  epoch: number;
  batchInEpoch: number;
  /** The trainer's RNG (dropout seeds) after `step`. */
  rng: RngState;
  bestMetric: number | null;
  bestStep: number | null;
  evalsWithoutImprovement: number;
  /** Optimizer type, step and schedule (its full state is in optimizer.safetensors). */
  optimizer: Pick<OptimizerState, 'type' | 'step' | 'schedule'>;
  /** Metrics of the evaluation at this step, if any. */
  metrics?: Record<string, number>;
}

export const MODEL_FILE = 'model.safetensors';
export const CONFIG_FILE = 'config.json';
export const OPTIMIZER_FILE = 'optimizer.safetensors';
export const STATE_FILE = 'trainer_state.json';

function isCheckpointable(m: TrainableModel): m is CheckpointableModel {
  const c = m as Partial<CheckpointableModel>;
  return typeof c.toSafetensors === 'function' && typeof c.loadWeights === 'function';
}

/** Model weights as safetensors: HF layout via the model's own writer when it has one. */
export async function modelBytes(model: TrainableModel): Promise<Uint8Array> {
  if (isCheckpointable(model)) return model.toSafetensors();
  const raws: Array<[string, RawTensor]> = [];
  for (const [name, v] of model.namedParameters()) {
    raws.push([name, { dtype: 'F32', shape: [...v.shape], data: (await v.data()) as Float32Array }]);
  }
  return writeSafetensors(raws);
}

/** Loads weights written by {@link modelBytes} into the model's variables (every one must be present). */
export function loadModelBytes(model: TrainableModel, bytes: Uint8Array, where: string): void {
  try {
    if (isCheckpointable(model)) {
      model.loadWeights(safetensorsSource(bytes), { strict: true });
      return;
    }
    const file = parseSafetensors(bytes);
    for (const [name, v] of model.namedParameters()) {
      const e = file.tensors.get(name);
      if (!e) throw new TrainingError('CHECKPOINT', `${where}: tensor ${name} missing`);
      if (!tf.util.arraysEqual(e.shape, v.shape)) {
        throw new TrainingError(
          'CHECKPOINT',
          `${where}: tensor ${name} has shape [${e.shape}], the model has [${v.shape}]`,
        );
      }
      tf.tidy(() => v.assign(tf.tensor(readFloat32(file, name), v.shape, 'float32')));
    }
  } catch (e) {
    if (e instanceof TrainingError) throw e;
    throw new TrainingError('CHECKPOINT', `${where}: cannot load model weights: ${(e as Error).message}`);
  }
}

/** The optimizer state as safetensors (slots) with its JSON part in the metadata. */
export function optimizerBytes(state: OptimizerState): Uint8Array {
  const raws: Array<[string, RawTensor]> = Object.entries(state.slots).map(([k, s]) => [
    k,
    { dtype: 'F32', shape: s.shape, data: s.values },
  ]);
  const { slots: _slots, ...rest } = state;
  return writeSafetensors(raws, { format: 'albert-ts-optimizer', state: JSON.stringify(rest) });
}

export function parseOptimizerBytes(bytes: Uint8Array, where: string): OptimizerState {
  try {
    const file = parseSafetensors(bytes);
    const meta = file.metadata?.state;
    if (!meta) throw new Error('no "state" in the safetensors metadata');
    const rest = JSON.parse(meta) as Omit<OptimizerState, 'slots'>;
    const slots: OptimizerState['slots'] = {};
    for (const [k, e] of file.tensors) slots[k] = { shape: [...e.shape], values: readFloat32(file, k) };
    return { ...rest, slots };
  } catch (e) {
    throw new TrainingError('CHECKPOINT', `${where}: cannot read optimizer state: ${(e as Error).message}`);
  }
}

/**
 * The files of one checkpoint: `model.safetensors` (HF layout), `config.json` when the model has
 * one, `optimizer.safetensors` and `trainer_state.json`.
 */
export async function encodeCheckpoint(
  model: TrainableModel,
  optimizer: NamedOptimizer,
  state: TrainerState,
): Promise<Map<string, Uint8Array>> {
  const enc = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  files.set(MODEL_FILE, await modelBytes(model));
  const cfg = (model as CheckpointableModel).configJson?.();
  if (cfg) files.set(CONFIG_FILE, enc.encode(`${JSON.stringify(cfg, null, 2)}\n`));
  files.set(OPTIMIZER_FILE, optimizerBytes(await optimizer.getState()));
  // Written last by stores that write file by file, and checked first when reading.
  files.set(STATE_FILE, enc.encode(`${JSON.stringify(state, null, 2)}\n`));
  return files;
}

/** Validates and parses trainer_state.json. */
export function parseTrainerState(files: Map<string, Uint8Array>, where: string): TrainerState {
  const raw = files.get(STATE_FILE);
  if (!raw) throw new TrainingError('CHECKPOINT', `${where}: ${STATE_FILE} missing`);
  let s: TrainerState;
  try {
    s = JSON.parse(new TextDecoder().decode(raw));
  } catch (e) {
    throw new TrainingError('CHECKPOINT', `${where}/${STATE_FILE}: not valid JSON (${(e as Error).message})`);
  }
  const int = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (
    s?.version !== 1 ||
    !int(s.step) ||
    !int(s.epoch) ||
    !int(s.batchInEpoch) ||
    !Array.isArray(s.rng) ||
    !s.optimizer
  ) {
    throw new TrainingError('CHECKPOINT', `${where}/${STATE_FILE}: not a version-1 trainer state`);
  }
  return s;
}

/** Restores model weights and optimizer state from checkpoint files; returns the trainer state. */
export function restoreCheckpoint(
  files: Map<string, Uint8Array>,
  model: TrainableModel,
  optimizer: NamedOptimizer,
  where: string,
): TrainerState {
  const state = parseTrainerState(files, where);
  const m = files.get(MODEL_FILE);
  const o = files.get(OPTIMIZER_FILE);
  if (!m || !o)
    throw new TrainingError('CHECKPOINT', `${where}: ${!m ? MODEL_FILE : OPTIMIZER_FILE} missing`);
  const opt = parseOptimizerBytes(o, `${where}/${OPTIMIZER_FILE}`);
  loadModelBytes(model, m, `${where}/${MODEL_FILE}`);
  optimizer.setState(opt);
  return state;
}
