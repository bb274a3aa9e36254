/** A model that `albert serve` offers: its folder URL and its tokenizer's URL, both on the server. */
export interface ServedModel {
  name: string;
  architecture: string;
  /** Folder URL (config.json + model.safetensors), relative to the page. */
  url: string;
  /** `spiece.model` or `tokenizer.json` URL, relative to the page. */
  tokenizerUrl: string;
}

/**
 * The models listed by the server the page came from: `albert serve` marks the page with
 * `<meta name="albert-models" content="<listing URL>">` (or a `?models=<url>` link names one).
 * A plain static host has neither, so the page asks for nothing and shows no list.
 */
export async function servedModels(): Promise<{ run: string; models: ServedModel[] } | null> {
  const listing =
    document.querySelector('meta[name="albert-models"]')?.getAttribute('content') ??
    new URLSearchParams(location.search).get('models');
  if (!listing) return null;
  let res: Response;
  try {
    res = await fetch(listing, { cache: 'no-store' });
  } catch {
    return null;
  }
  if (!res.ok) return null;
  try {
    const body = (await res.json()) as { run?: unknown; models?: unknown };
    if (!Array.isArray(body.models)) return null;
    const models = body.models.filter(
      (m): m is ServedModel =>
        typeof m === 'object' &&
        m !== null &&
        typeof (m as ServedModel).url === 'string' &&
        typeof (m as ServedModel).tokenizerUrl === 'string' &&
        typeof (m as ServedModel).name === 'string',
    );
    return { run: typeof body.run === 'string' ? body.run : '', models };
  } catch {
    return null;
  }
}
