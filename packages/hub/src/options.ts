/** Bytes of one file received so far; `total` is null when the server did not say. */
export interface HubProgress {
  repoId: string;
  file: string;
  loaded: number;
  total: number | null;
  /** True on the last call for this file (download complete). */
  done: boolean;
}

/** How a Hub id is resolved; every field defaults to the environment, as huggingface_hub reads it. */
export interface HubOptions {
  /** Branch, tag or commit (default `main`, or the `@revision` of the id). */
  revision?: string;
  /** Use the local cache only, never the network (as `HF_HUB_OFFLINE=1`). */
  localFilesOnly?: boolean;
  /** The hub cache folder (default `HF_HUB_CACHE`, else `HF_HOME/hub`, else `~/.cache/huggingface/hub`). */
  cacheDir?: string;
  /** The Hub's base URL (default `HF_ENDPOINT`, else https://huggingface.co). */
  endpoint?: string;
  /** Bearer token for the endpoint (default `HF_TOKEN`, else the saved login token); `false` sends none. */
  token?: string | false;
  /**
   * Download progress. Default in Node: a progress line on stderr when stderr is a TTY (off with
   * `HF_HUB_DISABLE_PROGRESS_BARS=1`); `false` turns it off.
   */
  onProgress?: ((p: HubProgress) => void) | false;
  /** `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
}

/** Files of one model folder, wherever it lives: `read` gives null for a file the folder lacks. */
export interface HubFolder {
  /** Where the files are, for messages (a snapshot folder, or the resolve URL in a browser). */
  base: string;
  /** True when files come from the local cache only (offline mode, `localFilesOnly`). */
  offline?: boolean;
  /**
   * The bytes of `file` (downloading it if needed), or null when the folder has no such file;
   * throws `HubError` on other failures.
   */
  read(file: string): Promise<Uint8Array | null>;
  /** Whether the folder has `file`, without reading it. */
  has(file: string): Promise<boolean>;
}
