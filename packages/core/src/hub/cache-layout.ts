// The hub cache layout lives in @albert-ts/hub; core re-exports it unchanged.
export {
  DEFAULT_ENDPOINT,
  type HubEnvironment,
  hubEnvironment,
  normalizeEtag,
  type RepoCachePaths,
  repoCachePaths,
  resolveUrl,
} from '@albert-ts/hub';
