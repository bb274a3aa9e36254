/** What went wrong, as a stable machine-readable code (the same codes @albert-ts/core uses). */
export type HubErrorCode =
  /** A string that cannot be a Hub id or revision, or an option that contradicts the id. */
  | 'INVALID_INPUT'
  /** The Hub, the network or the local cache failed (missing repo, gated repo, cut download...). */
  | 'IO';

/** The one error type @albert-ts/hub throws on purpose. */
export class HubError extends Error {
  readonly code: HubErrorCode;
  constructor(code: HubErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HubError';
    this.code = code;
  }
}
