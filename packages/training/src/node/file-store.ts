import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isStaleTemp } from '@albert-ts/core/node';
import { TrainingError } from '../errors.js';
import type { CheckpointStore } from '../trainer/checkpoint-store.js';

const TMP = '.tmp-';
const OLD = '.old-';

/**
 * Checkpoints as directories under `dir` (`dir/checkpoint-000120/model.safetensors`, …). A write
 * goes to a hidden temp directory (each file fsynced), which is then renamed into place: a process
 * killed mid-write leaves only a `.tmp-*` directory, never a partial checkpoint, and the previous
 * checkpoints stay loadable. Replacing an existing name (e.g. `best`) moves the old one aside
 * first and restores it on the next access if the swap was interrupted.
 */
export class FileCheckpointStore implements CheckpointStore {
  readonly dir: string;

  constructor(dir: string) {
    if (typeof dir !== 'string' || !dir)
      throw new TrainingError(
        'INVALID_OPTION',
        `FileCheckpointStore: expected a directory path, found ${String(dir)}`,
      );
    this.dir = dir;
  }

  private check(name: string): void {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) {
      throw new TrainingError(
        'CHECKPOINT',
        `checkpoint name ${JSON.stringify(name)}: letters, digits, '_', '-', '.' only`,
      );
    }
  }

  /**
   * Writes the checkpoint into `<dir>/<name>` through a temp folder and rename, so a reader never
   * sees half of it.
   */
  async write(name: string, files: Map<string, Uint8Array>): Promise<void> {
    this.check(name);
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `${TMP}${name}-${process.pid}-${Date.now()}`);
    await mkdir(tmp);
    try {
      for (const [file, bytes] of files) {
        if (file.includes('/') || file.includes('\\') || file.startsWith('.')) {
          throw new TrainingError(
            'CHECKPOINT',
            `checkpoint file name ${JSON.stringify(file)} is not a plain name`,
          );
        }
        const fh = await open(join(tmp, file), 'w');
        try {
          await fh.writeFile(bytes);
          await fh.sync();
        } finally {
          await fh.close();
        }
      }
      await syncDir(tmp);
      const target = join(this.dir, name);
      const old = join(this.dir, `${OLD}${name}`);
      if (await exists(target)) {
        await rm(old, { recursive: true, force: true });
        await rename(target, old);
      }
      await rename(tmp, target);
      await syncDir(this.dir);
      await rm(old, { recursive: true, force: true });
    } catch (e) {
      await rm(tmp, { recursive: true, force: true }).catch(() => {});
      throw e;
    }
  }

  /**
   * Finishes a replacement a kill interrupted: puts the previous checkpoint back if the new one
   * never landed, or deletes it if the new one did (the kill came before its removal).
   */
  private async recover(name: string): Promise<void> {
    const target = join(this.dir, name);
    const old = join(this.dir, `${OLD}${name}`);
    if (!(await exists(old))) return;
    if (await exists(target)) await rm(old, { recursive: true, force: true });
    else await rename(old, target);
  }

  /**
   * The files of `<dir>/<name>` (after finishing an interrupted swap). Throws `TrainingError` (code
   * `CHECKPOINT`) when there is none.
   */
  async read(name: string): Promise<Map<string, Uint8Array>> {
    this.check(name);
    await this.recover(name);
    const d = join(this.dir, name);
    let entries: string[];
    try {
      entries = await readdir(d);
    } catch {
      throw new TrainingError('CHECKPOINT', `no checkpoint ${JSON.stringify(name)} in ${this.dir}`);
    }
    const out = new Map<string, Uint8Array>();
    for (const f of entries.sort()) {
      if (f.startsWith('.')) continue;
      out.set(f, new Uint8Array(await readFile(join(d, f))));
    }
    return out;
  }

  async list(): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch {
      return [];
    }
    for (const e of entries) if (e.startsWith(OLD)) await this.recover(e.slice(OLD.length));
    entries = await readdir(this.dir);
    const out: string[] = [];
    for (const e of entries) {
      if (e.startsWith('.')) continue;
      if ((await stat(join(this.dir, e))).isDirectory()) out.push(e);
    }
    return out.sort();
  }

  /**
   * Deletes `<dir>/<name>` (renamed out of the way first, so an interrupted delete leaves no half
   * checkpoint).
   */
  async remove(name: string): Promise<void> {
    this.check(name);
    // Renamed out of the way first: a kill during the recursive delete then leaves a temp
    // directory (removed by cleanTemp), never a checkpoint directory missing some of its files.
    const doomed = join(this.dir, `${TMP}${name}-${process.pid}-${Date.now()}`);
    try {
      await rename(join(this.dir, name), doomed);
    } catch {
      return;
    }
    await rm(doomed, { recursive: true, force: true });
  }

  /**
   * Deletes temp directories left by killed writers (never complete checkpoints, nor the temp of
   * a write still running in a live process). The Trainer calls it when training or a resume starts.
   */
  async cleanTemp(): Promise<number> {
    let n = 0;
    for (const e of await readdir(this.dir).catch(() => [] as string[])) {
      if (e.startsWith(OLD)) await this.recover(e.slice(OLD.length));
      if (e.startsWith(TMP) && isStaleTemp(e)) {
        await rm(join(this.dir, e), { recursive: true, force: true });
        n++;
      }
    }
    return n;
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

async function syncDir(p: string): Promise<void> {
  // Makes the rename durable; not supported on every platform (Windows), where it is skipped.
  try {
    const fh = await open(p, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort */
  }
}
