import { PlaygroundError } from './errors.js';

/** A model folder picked or dropped by the user, read into memory (nothing is uploaded). */
export interface LocalModel {
  /** The folder's name (or "dropped files"), for the status line. */
  name: string;
  config: Record<string, unknown>;
  /** The bytes of `model.safetensors`. */
  weights: Uint8Array;
  /** `spiece.model` bytes, or `tokenizer.json` (+ `tokenizer_config.json`) text. */
  tokenizer:
    | { kind: 'spiece'; bytes: Uint8Array }
    | { kind: 'json'; json: string; config?: string; specialTokensMap?: string };
}

/** The folder a picked file sits in: `webkitRelativePath` without its last part ('' for loose files). */
function folderOf(f: File): string {
  const rel = (f as File & { webkitRelativePath?: string }).webkitRelativePath ?? '';
  const cut = rel.lastIndexOf('/');
  return cut < 0 ? '' : rel.slice(0, cut);
}

/**
 * Groups files by folder and returns the folder with a `config.json` and a `model.safetensors`
 * that sits highest (a picked run folder holds many models: the shallowest, then the first by name).
 */
function pickFolder(files: File[]): { folder: string; byName: Map<string, File> } {
  const folders = new Map<string, Map<string, File>>();
  for (const f of files) {
    const key = folderOf(f);
    const entry = folders.get(key) ?? new Map<string, File>();
    entry.set(f.name, f);
    folders.set(key, entry);
  }
  const complete = [...folders.entries()]
    .filter(([, m]) => m.has('config.json') && m.has('model.safetensors'))
    .sort(([a], [b]) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  if (complete.length === 0) {
    const names = files
      .slice(0, 8)
      .map((f) => f.name)
      .join(', ');
    throw new PlaygroundError(
      `no model among the files given: a model folder needs config.json and model.safetensors (got ${names || 'no files'}${files.length > 8 ? ', …' : ''})`,
    );
  }
  const [folder, byName] = complete[0];
  return { folder, byName };
}

async function bytesOf(f: File): Promise<Uint8Array> {
  return new Uint8Array(await f.arrayBuffer());
}

/** Reads a model folder (config.json, model.safetensors, spiece.model or tokenizer.json) from files. */
export async function readLocalModel(list: Iterable<File>): Promise<LocalModel> {
  const files = [...list];
  const { folder, byName } = pickFolder(files);
  const name = folder || 'dropped files';
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(await byName.get('config.json')!.text()) as Record<string, unknown>;
  } catch (e) {
    throw new PlaygroundError(`${name}/config.json: not valid JSON (${(e as Error).message})`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new PlaygroundError(`${name}/config.json: expected a JSON object`);
  }
  const weights = await bytesOf(byName.get('model.safetensors')!);
  // A folder's own tokenizer first; a lone .model file given beside it (e.g. a demo's tokenizer/) next.
  const spiece =
    byName.get('spiece.model') ??
    files.find((f) => f.name === 'spiece.model') ??
    files.find((f) => f.name.endsWith('.model'));
  const tokenizerJson = byName.get('tokenizer.json') ?? files.find((f) => f.name === 'tokenizer.json');
  if (spiece) return { name, config, weights, tokenizer: { kind: 'spiece', bytes: await bytesOf(spiece) } };
  if (tokenizerJson) {
    const tc = byName.get('tokenizer_config.json');
    const stm = byName.get('special_tokens_map.json');
    return {
      name,
      config,
      weights,
      tokenizer: {
        kind: 'json',
        json: await tokenizerJson.text(),
        config: tc ? await tc.text() : undefined,
        specialTokensMap: stm ? await stm.text() : undefined,
      },
    };
  }
  throw new PlaygroundError(
    `${name}: no tokenizer: add spiece.model (SentencePiece) or tokenizer.json beside config.json`,
  );
}
