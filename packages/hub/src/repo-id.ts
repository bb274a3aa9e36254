import { HubError } from './errors.js';

/** A model repository on the Hugging Face Hub and the revision (branch, tag or commit) asked for. */
export interface HubRepo {
  /** `org/name` (a legacy id such as `albert-base-v2` is given as its canonical `albert/albert-base-v2`). */
  repoId: string;
  /** Branch, tag or 40-hex commit; default `main`. */
  revision: string;
}

/** As huggingface_hub validates repo ids: `[\w.-]` parts, no `--` or `..`, at most 96 characters. */
const PART = /^(?!.*(--|\.\.))[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Git ref names as the Hub accepts them in a URL (`refs/pr/1` included), never `..` or a leading `/`. */
const REVISION = /^(?!.*\.\.)(?!\/)[A-Za-z0-9_.\-/]{1,255}$/;
/** The original ALBERT checkpoints, once canonical ids without an org, now under `albert/`. */
const LEGACY_ALBERT = /^albert-(base|large|xlarge|xxlarge)-v[12]$/;

/**
 * A full git commit sha (40 lower-case hex digits): a revision that needs no request to resolve.
 */
export const COMMIT_SHA = /^[0-9a-f]{40}$/;

/**
 * Reads `org/name` or `org/name@revision` (or a legacy ALBERT id such as `albert-base-v2`) as a
 * Hub repository; `null` when the string is no Hub id (a path, URL, or anything else). An
 * explicit `revision` overrides none given in the string; both at once must agree.
 */
export function parseHubId(source: string, revision?: string): HubRepo | null {
  const at = source.indexOf('@');
  const id = at < 0 ? source : source.slice(0, at);
  const rev = at < 0 ? undefined : source.slice(at + 1);
  if (id.length === 0 || id.length > 96) return null;
  const parts = id.split('/');
  let repoId: string;
  if (parts.length === 1 && LEGACY_ALBERT.test(id)) repoId = `albert/${id}`;
  else if (parts.length === 2 && parts.every((p) => PART.test(p) && !p.endsWith('.'))) repoId = id;
  else return null;
  if (rev !== undefined && !REVISION.test(rev)) return null;
  if (rev !== undefined && revision !== undefined && rev !== revision) {
    throw new HubError(
      'INVALID_INPUT',
      `hub id "${source}" names revision "${rev}" but the revision option is "${revision}"`,
    );
  }
  if (revision !== undefined && !REVISION.test(revision)) {
    throw new HubError('INVALID_INPUT', `revision ${JSON.stringify(revision)} is not a valid git revision`);
  }
  return { repoId, revision: rev ?? revision ?? 'main' };
}

/** The cache folder name huggingface_hub uses for a model repo: `models--org--name`. */
export function repoFolderName(repoId: string): string {
  return `models--${repoId.split('/').join('--')}`;
}

/** `org/name` with each part URL-encoded, as it appears in Hub URLs. */
export function repoUrlPath(repoId: string): string {
  return repoId.split('/').map(encodeURIComponent).join('/');
}
