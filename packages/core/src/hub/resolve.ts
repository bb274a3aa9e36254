import {
  hubFolder as hubResolveFolder,
  hubSnapshotDownload as hubSnapshotDownloadRaw,
} from '@albert-ts/hub/node';
import { hubCall } from './errors.js';
import type { HubFolder, HubOptions } from './options.js';
import { wrapFolder } from './wrap-folder.js';

export type { HubFolder };

/**
 * The Hub folder a source string names, or null when it names none (@albert-ts/hub's
 * `hubFolder`: in Node an existing path wins over a Hub id), throwing AlbertError.
 */
export async function hubFolder(source: string, opts: HubOptions = {}): Promise<HubFolder | null> {
  const folder = await hubCall(() => hubResolveFolder(source, opts));
  return folder ? wrapFolder(folder) : null;
}

/** @albert-ts/hub's `hubSnapshotDownload` (Node), throwing AlbertError. */
export function hubSnapshotDownload(
  id: string,
  files: { required?: string[]; optional?: string[] },
  opts: HubOptions = {},
): Promise<{ dir: string; repoId: string; revision: string; commit: string; missing: string[] }> {
  return hubCall(() => hubSnapshotDownloadRaw(id, files, opts));
}
