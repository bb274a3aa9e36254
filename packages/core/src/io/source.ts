import type * as tf from '@tensorflow/tfjs-core';
import { AlbertConfig } from '../config.js';
import { AlbertError, describe } from '../errors.js';
import { joinPath, readBytes } from './fs.js';
import { safetensorsSource, tensorMapSource, type WeightSource } from './weights.js';

/**
 * Where a pretrained model comes from: a directory with `config.json` + `model.safetensors`
 * (Node), a URL of such a folder (fetched; e.g. `https://huggingface.co/<id>/resolve/main`), or
 * both parts in memory (`weights` as safetensors bytes or a `Map` of HF-layout tensors).
 */
export type PretrainedSource =
  | string
  | URL
  | {
      config: AlbertConfig | Record<string, unknown>;
      weights: Uint8Array | ArrayBuffer | Map<string, tf.Tensor>;
    };

export interface SourceOptions {
  /** `fetch` to use for URLs (default: the global one). */
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

function withFile(where: string, f: () => WeightSource): WeightSource {
  try {
    return f();
  } catch (e) {
    if (e instanceof AlbertError) {
      e.message = `${where}: ${e.message}`;
    }
    throw e;
  }
}

export async function resolveSource(
  source: PretrainedSource,
  opts: SourceOptions = {},
): Promise<{ config: AlbertConfig; weights: WeightSource }> {
  if (typeof source === 'string' || source instanceof URL) {
    const loc = browserUrl(String(source)) ?? String(source);
    if (source instanceof URL || isUrl(loc)) {
      const f = opts.fetch ?? globalThis.fetch;
      if (typeof f !== 'function') throw new AlbertError('IO', 'no fetch() available to load a URL');
      const base = loc.endsWith('/') ? loc : `${loc}/`;
      const [cfg, w] = await Promise.all([
        fetchBytes(f, `${base}config.json`),
        fetchBytes(f, `${base}model.safetensors`),
      ]);
      return {
        config: parseConfig(cfg, `${base}config.json`),
        weights: withFile(`${base}model.safetensors`, () => safetensorsSource(w)),
      };
    }
    const cfgPath = joinPath(loc, 'config.json');
    const wPath = joinPath(loc, 'model.safetensors');
    const config = parseConfig(await readBytes(cfgPath), cfgPath);
    const bytes = await readBytes(wPath);
    return { config, weights: withFile(wPath, () => safetensorsSource(bytes)) };
  }
  if (source && typeof source === 'object' && 'config' in source && 'weights' in source) {
    const config =
      source.config instanceof AlbertConfig ? source.config : AlbertConfig.fromJSON(source.config);
    const w = source.weights;
    if (w instanceof Map) return { config, weights: tensorMapSource(w) };
    if (w instanceof Uint8Array || w instanceof ArrayBuffer) return { config, weights: safetensorsSource(w) };
    throw new AlbertError(
      'INVALID_INPUT',
      `fromPretrained: weights must be safetensors bytes or a Map, found ${describe(w)}`,
    );
  }
  throw new AlbertError('INVALID_INPUT', `fromPretrained: unsupported source ${describe(source)}`);
}
