import { existsSync } from 'node:fs';
import { oneLine, UsageError } from '../util/errors.js';

/** The files to fetch of a Hub snapshot: `required` missing is an error, `optional` may be absent. */
export interface HubFiles {
  required: string[];
  optional?: string[];
}

/**
 * Where a model or tokenizer source (`-m`, `-t`, `--model-config`, …) is on disk: an existing
 * path as given (`fetched: false`), else a Hub id (`org/name`, with `--revision` or `@revision`)
 * whose `files` core's Hub client fetched into the HF cache (HF_ENDPOINT, HF_HUB_CACHE/HF_HOME,
 * HF_HUB_OFFLINE, HF_TOKEN). Anything that is no id stays a path, so that a missing file or folder
 * is reported as one by whoever reads it.
 */
export async function hubOrPath(
  source: string,
  revision: string | undefined,
  files: HubFiles,
  what = 'model',
): Promise<{ path: string; fetched: boolean }> {
  if (existsSync(source)) return { path: source, fetched: false };
  const { parseHubId } = await import('@albert-ts/core');
  let isId: boolean;
  try {
    isId = parseHubId(source, revision) !== null;
  } catch (err) {
    // An id whose `@revision` and `--revision` disagree, or a revision that is none.
    throw new UsageError(`${what} ${source}: ${oneLine(err)}`);
  }
  if (!isId) return { path: source, fetched: false };
  const { hubSnapshotDownload } = await import('@albert-ts/core/node');
  try {
    const snapshot = await hubSnapshotDownload(source, files, revision ? { revision } : {});
    return { path: snapshot.dir, fetched: true };
  } catch (err) {
    throw new UsageError(`cannot fetch ${what} ${source}${revision ? `@${revision}` : ''}: ${oneLine(err)}`);
  }
}
