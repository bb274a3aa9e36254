import { browserHubFolder } from './cache-browser.js';
import { HubSnapshot } from './download-node.js';
import { HubError } from './errors.js';
import { nodeFs, readBytes } from './fs.js';
import type { HubFolder, HubOptions } from './options.js';
import { parseHubId } from './repo-id.js';

export type { HubFolder };

function inNode(): boolean {
  return !!(globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node;
}

/**
 * The Hub folder a source string names, or null when it names none: in Node, an existing path
 * always wins over a Hub id; a string that is a Hub id (`org/name`, `org/name@revision`, a legacy
 * `albert-base-v2`) resolves into the hub cache (snapshot folder) in Node, through Cache Storage
 * in a browser.
 */
export async function hubFolder(source: string, opts: HubOptions = {}): Promise<HubFolder | null> {
  const repo = parseHubId(source, opts.revision);
  if (!repo) return null;
  if (!inNode()) return browserHubFolder(repo, opts);
  try {
    await (await nodeFs()).stat(source);
    return null;
  } catch {
    // not a path: a Hub id
  }
  const snap = await HubSnapshot.open(repo, opts);
  return {
    get base() {
      try {
        return snap.dir;
      } catch {
        return `${repo.repoId}@${repo.revision}`;
      }
    },
    offline: snap.offline,
    async read(file) {
      const p = await snap.file(file);
      return p ? readBytes(p) : null;
    },
    has: (file) => snap.has(file),
  };
}

/**
 * Downloads (or finds in the hub cache) `files` of a Hub repo and returns the snapshot folder
 * holding them (Node). Files the repo lacks are listed in `missing`; `required` ones throw.
 */
export async function hubSnapshotDownload(
  id: string,
  files: { required?: string[]; optional?: string[] },
  opts: HubOptions = {},
): Promise<{ dir: string; repoId: string; revision: string; commit: string; missing: string[] }> {
  const repo = parseHubId(id, opts.revision);
  if (!repo)
    throw new HubError('INVALID_INPUT', `${JSON.stringify(id)} is not a Hub id (org/name[@revision])`);
  const snap = await HubSnapshot.open(repo, opts);
  const missing: string[] = [];
  for (const f of files.required ?? []) {
    if (!(await snap.file(f))) {
      throw new HubError(
        'IO',
        `${repo.repoId}@${repo.revision}: no ${f}${snap.offline ? ' in the hub cache (offline)' : ''}`,
      );
    }
  }
  for (const f of files.optional ?? []) if (!(await snap.file(f))) missing.push(f);
  const dir = snap.dir;
  return {
    dir,
    repoId: repo.repoId,
    revision: repo.revision,
    commit: dir.slice(dir.lastIndexOf('/') + 1),
    missing,
  };
}
