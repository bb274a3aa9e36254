import { type HubRepo, parseHubId as hubParse } from '@albert-ts/hub';
import { asAlbertError } from './errors.js';

export { COMMIT_SHA, type HubRepo, repoFolderName, repoUrlPath } from '@albert-ts/hub';

/** @albert-ts/hub's `parseHubId`, throwing AlbertError ('INVALID_INPUT') as core always did. */
export function parseHubId(source: string, revision?: string): HubRepo | null {
  try {
    return hubParse(source, revision);
  } catch (e) {
    throw asAlbertError(e);
  }
}
