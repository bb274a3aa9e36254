import { TrainingError } from '../errors.js';

/**
 * Where checkpoints live. A checkpoint is a named set of files; `write` must be atomic (a reader
 * sees the old checkpoint or the new one, never half of one). `FileCheckpointStore` (Node entry)
 * writes directories via temp + rename; {@link MemoryCheckpointStore} keeps them in memory.
 */
export interface CheckpointStore {
  /** Stores the checkpoint `name` (file name → bytes), replacing one of that name atomically. */
  write(name: string, files: Map<string, Uint8Array>): Promise<void>;
  /**
   * The files of checkpoint `name`. Throws `TrainingError` (code `CHECKPOINT`) when there is none.
   */
  read(name: string): Promise<Map<string, Uint8Array>>;
  /** Names of complete checkpoints. */
  list(): Promise<string[]>;
  /** Deletes checkpoint `name` (nothing happens when there is none). */
  remove(name: string): Promise<void>;
  /**
   * Deletes what killed writers left behind (temp folders); the Trainer calls it when training
   * or a resume starts. Optional: a store that cannot leave partial writes has nothing to clean.
   */
  cleanTemp?(): Promise<number>;
}

/** A store in memory (browser, tests). */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly items = new Map<string, Map<string, Uint8Array>>();

  async write(name: string, files: Map<string, Uint8Array>): Promise<void> {
    this.items.set(name, new Map([...files].map(([k, v]) => [k, v.slice()])));
  }

  async read(name: string): Promise<Map<string, Uint8Array>> {
    const c = this.items.get(name);
    if (!c) throw new TrainingError('CHECKPOINT', `no checkpoint named ${JSON.stringify(name)}`);
    return new Map([...c].map(([k, v]) => [k, v.slice()]));
  }

  async list(): Promise<string[]> {
    return [...this.items.keys()];
  }

  async remove(name: string): Promise<void> {
    this.items.delete(name);
  }
}

const STEP_NAME = /^checkpoint-(\d+)$/;

/** `checkpoint-000120` for step 120 (zero-padded so names sort by step). */
export function stepCheckpointName(step: number): string {
  return `checkpoint-${String(step).padStart(6, '0')}`;
}

/** The step of a `checkpoint-N` name, or null for other names (e.g. `best`). */
export function checkpointStep(name: string): number | null {
  const m = STEP_NAME.exec(name);
  return m ? Number(m[1]) : null;
}
