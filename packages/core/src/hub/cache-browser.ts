import { browserHubFolder as hubBrowserFolder } from '@albert-ts/hub';
import type { HubFolder, HubOptions } from './options.js';
import type { HubRepo } from './repo-id.js';
import { wrapFolder } from './wrap-folder.js';

export { BROWSER_CACHE_NAME } from '@albert-ts/hub';

/** @albert-ts/hub's Cache Storage folder, throwing AlbertError. */
export function browserHubFolder(repo: HubRepo, opts: HubOptions = {}): HubFolder {
  return wrapFolder(hubBrowserFolder(repo, opts));
}
