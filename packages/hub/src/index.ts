/**
 * @albert-ts/hub: Hugging Face Hub ids (`org/name[@revision]`), resolved as huggingface_hub does
 * (HF_ENDPOINT, HF_HUB_CACHE / HF_HOME, HF_HUB_OFFLINE, HF_TOKEN), into the shared hub cache in
 * Node and into Cache Storage in a browser. No dependencies; Node modules are imported lazily.
 */
export { BROWSER_CACHE_NAME, browserHubFolder } from './cache-browser.js';
export {
  DEFAULT_ENDPOINT,
  type HubEnvironment,
  hubEnvironment,
  normalizeEtag,
  type RepoCachePaths,
  repoCachePaths,
  resolveUrl,
} from './cache-layout.js';
export { HubError, type HubErrorCode } from './errors.js';
export type { HubFolder, HubOptions, HubProgress } from './options.js';
export { progressLine, type TtyLike } from './progress.js';
export { COMMIT_SHA, type HubRepo, parseHubId, repoFolderName, repoUrlPath } from './repo-id.js';
export { hubFolder } from './resolve.js';
