import { AlbertError, describeValue } from '../errors.js';
import { safetensorsSource, type WeightSource } from './weights.js';

/** The weights file name transformers writes and reads (`SAFE_WEIGHTS_NAME`). */
export const WEIGHTS_FILE = 'model.safetensors';
/** The index of sharded weights (`SAFE_WEIGHTS_INDEX_NAME`): which shard holds each tensor. */
export const WEIGHTS_INDEX_FILE = 'model.safetensors.index.json';
/** PyTorch pickles: never unpickled here (unpickling runs code); they name the conversion instead. */
export const PICKLE_FILES = ['pytorch_model.bin', 'pytorch_model.bin.index.json'];

/** A shard name as `save_pretrained` writes it, in the same folder (no path, no `..`). */
const SHARD_NAME = /^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}\.safetensors$/;

/** The shard files of a `model.safetensors.index.json` (`{"weight_map": {tensor: shard}}`), in first-use order. */
export function parseShardIndex(
  bytes: Uint8Array,
  where: string,
): { shards: string[]; weightMap: Map<string, string> } {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new AlbertError('INVALID_SAFETENSORS', `${where}: not valid JSON (${(e as Error).message})`);
  }
  const wm = (json as { weight_map?: unknown } | null)?.weight_map;
  if (!wm || typeof wm !== 'object' || Array.isArray(wm)) {
    throw new AlbertError(
      'INVALID_SAFETENSORS',
      `${where}: "weight_map" must be an object, found ${describeValue(wm)}`,
    );
  }
  const weightMap = new Map<string, string>();
  const shards: string[] = [];
  for (const [tensor, shard] of Object.entries(wm as Record<string, unknown>)) {
    if (typeof shard !== 'string' || !SHARD_NAME.test(shard)) {
      throw new AlbertError(
        'INVALID_SAFETENSORS',
        `${where}: weight_map["${tensor}"] must name a .safetensors file beside the index, found ${describeValue(shard)}`,
      );
    }
    weightMap.set(tensor, shard);
    if (!shards.includes(shard)) shards.push(shard);
  }
  if (shards.length === 0) throw new AlbertError('INVALID_SAFETENSORS', `${where}: weight_map is empty`);
  return { shards, weightMap };
}

/** One weight source over every shard; each tensor must be in the shard the index names, and in one only. */
export function shardedSource(
  weightMap: Map<string, string>,
  sources: Map<string, WeightSource>,
  where: string,
): WeightSource {
  const owner = new Map<string, WeightSource>();
  for (const src of sources.values()) {
    for (const n of src.names()) {
      if (owner.has(n))
        throw new AlbertError('INVALID_SAFETENSORS', `${where}: tensor "${n}" is in more than one shard`);
      owner.set(n, src);
    }
  }
  for (const [tensor, shard] of weightMap) {
    if (owner.get(tensor) !== sources.get(shard)) {
      throw new AlbertError(
        'INVALID_SAFETENSORS',
        `${where}: weight_map puts "${tensor}" in ${shard}, which lacks it`,
      );
    }
  }
  const get = (n: string): WeightSource => {
    const s = owner.get(n);
    if (!s) throw new AlbertError('MISSING_WEIGHTS', `${where}: no shard holds tensor "${n}"`);
    return s;
  };
  return {
    names: () => [...owner.keys()],
    shape: (n) => get(n).shape(n),
    dtype: (n) => owner.get(n)?.dtype?.(n),
    read: (n) => get(n).read(n),
  };
}

/** The error for a checkpoint held only as PyTorch pickles. */
export function pickleOnlyError(where: string, file: string): AlbertError {
  return new AlbertError(
    'MISSING_WEIGHTS',
    `${where}: has only ${file} (a PyTorch pickle, which albert-ts never unpickles: that would run ` +
      `arbitrary code) and no ${WEIGHTS_FILE}. Convert it to safetensors first, e.g. in Python ` +
      `AlbertForPreTraining.from_pretrained(dir).save_pretrained(out, safe_serialization=True), ` +
      'or open a conversion PR on the Hub with the "safetensors/convert" Space.',
  );
}

function prefixed(where: string, f: () => WeightSource): WeightSource {
  try {
    return f();
  } catch (e) {
    if (e instanceof AlbertError) e.message = `${where}: ${e.message}`;
    throw e;
  }
}

/**
 * The weights of a model folder (directory, URL or Hub snapshot), read through `read` (null = no
 * such file): `model.safetensors`, else every shard of `model.safetensors.index.json`, else a typed
 * error that names the pickle to convert or says that no weights file exists.
 */
export async function readFolderWeights(
  read: (file: string) => Promise<Uint8Array | null>,
  has: (file: string) => Promise<boolean>,
  base: string,
): Promise<WeightSource> {
  const whereOf = (f: string): string => (base.endsWith('/') ? base + f : `${base}/${f}`);
  const single = await read(WEIGHTS_FILE);
  if (single) return prefixed(whereOf(WEIGHTS_FILE), () => safetensorsSource(single));
  const index = await read(WEIGHTS_INDEX_FILE);
  if (index) {
    const where = whereOf(WEIGHTS_INDEX_FILE);
    const { shards, weightMap } = parseShardIndex(index, where);
    const sources = new Map<string, WeightSource>();
    for (const shard of shards) {
      const bytes = await read(shard);
      if (!bytes) throw new AlbertError('IO', `${where}: shard ${shard} is missing`);
      sources.set(
        shard,
        prefixed(whereOf(shard), () => safetensorsSource(bytes)),
      );
    }
    return shardedSource(weightMap, sources, where);
  }
  for (const p of PICKLE_FILES) if (await has(p)) throw pickleOnlyError(base, p);
  throw new AlbertError(
    'IO',
    `cannot read ${whereOf(WEIGHTS_FILE)}: no such file (nor ${WEIGHTS_INDEX_FILE})`,
  );
}
