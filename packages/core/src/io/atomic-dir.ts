import { AlbertError } from '../errors.js';
import { nodeFs, nodePath } from './fs.js';

type Fs = typeof import('node:fs/promises');

/** Prefix of a directory being written (`.tmp-<name>-<pid>-<ms>`, a sibling of the target). */
export const TEMP_PREFIX = '.tmp-';
/** Temp files of the file-by-file fallback, inside the target folder. */
const FILE_TEMP_PREFIX = `${TEMP_PREFIX}file-`;
/** Prefix of the previous version while the new one is renamed into place (`.old-<name>`). */
export const OLD_PREFIX = '.old-';

/** A temp entry older than this is stale even if its pid is alive again (pid reuse). */
const STALE_AFTER_MS = 24 * 3600 * 1000;

/**
 * Past this many entries to carry over (a folder holding more than a model, e.g. `-o .`), the
 * swap would hard-link a whole tree: files are then replaced one by one instead (see replaceDir).
 */
const MAX_CARRIED_ENTRIES = 10_000;

/** `.tmp-<name>-<pid>-<ms>`: the pid and time let a later process tell a dead writer's temp from a live one. */
export function tempDirName(name: string): string {
  return `${TEMP_PREFIX}${name}-${process.pid}-${Date.now()}`;
}

/**
 * True when a temp entry named `<prefix>…-<pid>-<ms>` cannot belong to a writer still running: its
 * process is gone, it is ours but from before this process started (containers give every run the
 * same pid), or it is a day old. Names without that suffix are not ours and never stale.
 */
export function isStaleTemp(entry: string, now = Date.now()): boolean {
  const m = /-(\d+)-(\d+)$/.exec(entry);
  if (!m) return false;
  const pid = Number(m[1]);
  const ms = Number(m[2]);
  if (now - ms > STALE_AFTER_MS) return true;
  if (pid === process.pid) return ms < performance.timeOrigin;
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else; leave its temp alone.
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

async function exists(fs: Fs, p: string): Promise<boolean> {
  try {
    await fs.lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Deletes the stale `<prefix>*` entries of `parent` (see {@link isStaleTemp}); returns how many. */
export async function cleanStaleTemps(parent: string, prefix: string = TEMP_PREFIX): Promise<number> {
  const fs = await nodeFs();
  const path = await nodePath();
  let n = 0;
  for (const e of await fs.readdir(parent).catch(() => [] as string[])) {
    if (!e.startsWith(prefix) || !isStaleTemp(e)) continue;
    await fs.rm(path.join(parent, e), { recursive: true, force: true });
    n++;
  }
  return n;
}

async function locate(dir: string): Promise<{ target: string; parent: string; base: string; old: string }> {
  const fs = await nodeFs();
  const path = await nodePath();
  // Swap the folder a symlink points to, not the link itself.
  const abs = path.resolve(dir);
  const target = await fs.realpath(abs).catch(() => abs);
  const parent = path.dirname(target);
  const base = path.basename(target);
  return { target, parent, base, old: path.join(parent, `${OLD_PREFIX}${base}`) };
}

/**
 * Finishes or undoes a replacement of `dir` that a killed process left between its renames, and
 * deletes stale temp folders of `dir` (`.tmp-<name>-*` beside it). Call it when a run starts; the
 * next write of `dir` does it too. Returns the number of temp folders removed.
 */
export async function recoverDir(dir: string): Promise<number> {
  const fs = await nodeFs();
  const { target, parent, base, old } = await locate(dir);
  if (await exists(fs, old)) {
    // Killed after moving the old version aside: put it back, or drop it if the new one landed.
    if (await exists(fs, target)) await fs.rm(old, { recursive: true, force: true });
    else await fs.rename(old, target);
  }
  const inside = (await exists(fs, target)) ? await cleanStaleTemps(target, FILE_TEMP_PREFIX) : 0;
  return inside + (await cleanStaleTemps(parent, `${TEMP_PREFIX}${base}-`));
}

async function writeSynced(fs: Fs, file: string, content: Uint8Array | string): Promise<void> {
  const fh = await fs.open(file, 'w');
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncDir(fs: Fs, p: string): Promise<void> {
  // Makes renames durable; directories cannot be opened for sync on every platform (Windows).
  try {
    const fh = await fs.open(p, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort */
  }
}

/**
 * Hard-links (copies where links fail) everything of `src` except `skip` into `dst`, so that the
 * new folder keeps what the old one held beside the model (logs, tokenizer, metrics). Returns
 * false when there is more than {@link MAX_CARRIED_ENTRIES} to carry.
 */
async function carryOver(fs: Fs, src: string, dst: string, skip: Set<string>): Promise<boolean> {
  const path = await nodePath();
  let budget = MAX_CARRIED_ENTRIES;
  const walk = async (from: string, to: string, top: boolean): Promise<boolean> => {
    for (const e of await fs.readdir(from, { withFileTypes: true })) {
      if (top && skip.has(e.name)) continue;
      if (--budget < 0) return false;
      const a = path.join(from, e.name);
      const b = path.join(to, e.name);
      if (e.isDirectory()) {
        await fs.mkdir(b);
        if (!(await walk(a, b, false))) return false;
      } else if (e.isSymbolicLink()) await fs.symlink(await fs.readlink(a), b);
      else await fs.link(a, b).catch(() => fs.copyFile(a, b));
    }
    return true;
  };
  return walk(src, dst, true);
}

/** Each file written to a temp name and renamed over its target: atomic per file only. */
async function replaceFiles(fs: Fs, target: string, files: Record<string, Uint8Array | string>) {
  const path = await nodePath();
  for (const [name, content] of Object.entries(files)) {
    const tmp = path.join(target, tempDirName(`file-${name}`));
    await writeSynced(fs, tmp, content);
    await fs.rename(tmp, path.join(target, name));
  }
  await syncDir(fs, target);
}

/**
 * Writes `files` as the folder `dir`, atomically: everything goes into a sibling temp folder
 * (each file fsynced), together with hard links to whatever else `dir` already held, and the temp
 * folder is then renamed into place (the old one moved aside first and deleted after). A process
 * killed at any point leaves `dir` either as it was or complete, plus at most a stale temp folder
 * or an `.old-` folder that {@link recoverDir} (run by the next write) removes or puts back.
 * A folder with more than 10 000 other entries is updated file by file instead (each file atomic).
 */
export async function replaceDir(dir: string, files: Record<string, Uint8Array | string>): Promise<void> {
  const fs = await nodeFs();
  const path = await nodePath();
  let tmp: string | null = null;
  try {
    const { target, parent, base, old } = await locate(dir);
    await fs.mkdir(parent, { recursive: true });
    await recoverDir(target);
    const existing = await exists(fs, target);
    tmp = path.join(parent, tempDirName(base));
    await fs.mkdir(tmp);
    if (existing && !(await carryOver(fs, target, tmp, new Set(Object.keys(files))))) {
      await fs.rm(tmp, { recursive: true, force: true });
      tmp = null;
      await replaceFiles(fs, target, files);
      return;
    }
    for (const [name, content] of Object.entries(files)) await writeSynced(fs, path.join(tmp, name), content);
    await syncDir(fs, tmp);
    if (existing) {
      await fs.rm(old, { recursive: true, force: true });
      await fs.rename(target, old);
    }
    await fs.rename(tmp, target);
    tmp = null;
    await syncDir(fs, parent);
    if (existing) await fs.rm(old, { recursive: true, force: true });
  } catch (e) {
    if (tmp) await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
    await recoverDir(dir).catch(() => {});
    if (e instanceof AlbertError) throw e;
    throw new AlbertError('IO', `cannot write ${dir}: ${(e as Error).message}`, { cause: e });
  }
}
