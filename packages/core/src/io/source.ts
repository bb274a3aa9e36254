import type * as tf from '@tensorflow/tfjs-core';
import { AlbertConfig } from '../config.js';
import { AlbertError, describeValue } from '../errors.js';
import type { HubOptions } from '../hub/options.js';
import { hubFolder } from '../hub/resolve.js';
import { joinPath, nodeFs, readBytes } from './fs.js';
import { readFolderWeights } from './sharded.js';
import { safetensorsSource, tensorMapSource, type WeightSource } from './weights.js';

/**
 * Where a pretrained model comes from: a directory with `config.json` + `model.safetensors`
 * (Node), a URL of such a folder (fetched; e.g. `https://huggingface.co/<id>/resolve/main`), a
 * Hugging Face Hub id (`org/name`, `org/name@revision`: the hub cache in Node, Cache Storage in a
 * browser), or both parts in memory (`weights` as safetensors bytes or a `Map` of HF-layout
 * tensors). A folder may hold `model.safetensors.index.json` and its shards instead.
 */
export type PretrainedSource =
  | string
  | URL
  | {
      config: AlbertConfig | Record<string, unknown>;
      weights: Uint8Array | ArrayBuffer | Map<string, tf.Tensor>;
    };

export interface SourceOptions extends HubOptions {
  /** `fetch` to use for URLs and the Hub (default: the global one). */
  fetch?: typeof fetch;
}

function isUrl(s: string): boolean {
  return /^(https?|blob|data):/i.test(s);
}

/** In a browser a string that is not an absolute URL is relative to the page, never a file path. */
function browserUrl(s: string): string | null {
  const g = globalThis as { process?: { versions?: { node?: string } }; location?: { href?: string } };
  if (g.process?.versions?.node || typeof g.location?.href !== 'string') return null;
  return new URL(s, g.location.href).href;
}

async function fetchBytes(f: typeof fetch, url: string): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await f(url);
  } catch (e) {
    throw new AlbertError('IO', `cannot fetch ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (!res.ok) throw new AlbertError('IO', `cannot fetch ${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** A file of a URL folder, or null on 404 (a folder without that file). */
async function fetchOptional(
  f: typeof fetch,
  url: string,
  method: 'GET' | 'HEAD' = 'GET',
): Promise<Uint8Array | null> {
  let res: Response;
  try {
    res = await f(url, method === 'HEAD' ? { method } : undefined);
  } catch (e) {
    throw new AlbertError('IO', `cannot fetch ${url}: ${(e as Error).message}`, { cause: e });
  }
  if (res.status === 404) return null;
  if (!res.ok) throw new AlbertError('IO', `cannot fetch ${url}: HTTP ${res.status}`);
  return method === 'HEAD' ? new Uint8Array() : new Uint8Array(await res.arrayBuffer());
}

/** A file of a directory, or null when it does not exist (other read errors throw). */
async function readOptional(path: string): Promise<Uint8Array | null> {
  return (await isFile(path)) ? readBytes(path) : null;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await (await nodeFs()).stat(path)).isFile();
  } catch {
    return false;
  }
}

function parseConfig(bytes: Uint8Array, where: string): AlbertConfig {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new AlbertError('INVALID_CONFIG', `${where}: not valid JSON (${(e as Error).message})`);
  }
  try {
    return AlbertConfig.fromJSON(json);
  } catch (e) {
    if (e instanceof AlbertError) throw new AlbertError(e.code, `${where}: ${e.message}`);
    throw e;
  }
}

/** Runs the caller's check of the config, its errors prefixed with where the config came from. */
function checked(
  config: AlbertConfig,
  where: string | null,
  check?: (c: AlbertConfig) => void,
): AlbertConfig {
  try {
    check?.(config);
  } catch (e) {
    if (e instanceof AlbertError && where) e.message = `${where}: ${e.message}`;
    throw e;
  }
  return config;
}

/**
 * The config and weights of a source. `checkConfig` runs on the config before the weights are
 * fetched or read, so a refused config costs neither the download nor the file read.
 */
export async function resolveSource(
  source: PretrainedSource,
  opts: SourceOptions = {},
  checkConfig?: (c: AlbertConfig) => void,
): Promise<{ config: AlbertConfig; weights: WeightSource }> {
  if (typeof source === 'string') {
    const hub = await hubFolder(source, opts);
    if (hub) {
      const cfg = await hub.read('config.json');
      const cfgWhere = `${hub.base}/config.json`;
      if (!cfg) {
        throw new AlbertError(
          'IO',
          hub.offline
            ? `${source}: config.json is not in the hub cache and offline mode forbids downloading it`
            : `${source}: the repository has no config.json`,
        );
      }
      const config = checked(parseConfig(cfg, cfgWhere), cfgWhere, checkConfig);
      return { config, weights: await readFolderWeights(hub.read, hub.has, hub.base) };
    }
  }
  if (typeof source === 'string' || source instanceof URL) {
    const loc = browserUrl(String(source)) ?? String(source);
    if (source instanceof URL || isUrl(loc)) {
      const f = opts.fetch ?? globalThis.fetch;
      if (typeof f !== 'function') throw new AlbertError('IO', 'no fetch() available to load a URL');
      const base = loc.endsWith('/') ? loc : `${loc}/`;
      const cfgUrl = `${base}config.json`;
      const config = checked(parseConfig(await fetchBytes(f, cfgUrl), cfgUrl), cfgUrl, checkConfig);
      const weights = await readFolderWeights(
        (file) => fetchOptional(f, `${base}${file}`),
        async (file) => (await fetchOptional(f, `${base}${file}`, 'HEAD')) !== null,
        base,
      );
      return { config, weights };
    }
    const cfgPath = joinPath(loc, 'config.json');
    const config = checked(parseConfig(await readBytes(cfgPath), cfgPath), cfgPath, checkConfig);
    const weights = await readFolderWeights(
      (file) => readOptional(joinPath(loc, file)),
      (file) => isFile(joinPath(loc, file)),
      loc,
    );
    return { config, weights };
  }
  if (source && typeof source === 'object' && 'config' in source && 'weights' in source) {
    const config = checked(
      source.config instanceof AlbertConfig ? source.config : AlbertConfig.fromJSON(source.config),
      null,
      checkConfig,
    );
    const w = source.weights;
    if (w instanceof Map) return { config, weights: tensorMapSource(w) };
    if (w instanceof Uint8Array || w instanceof ArrayBuffer) return { config, weights: safetensorsSource(w) };
    throw new AlbertError(
      'INVALID_INPUT',
      `fromPretrained: weights must be safetensors bytes or a Map, found ${describeValue(w)}`,
    );
  }
  throw new AlbertError('INVALID_INPUT', `fromPretrained: unsupported source ${describeValue(source)}`);
}
