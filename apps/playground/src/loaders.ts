import { AlbertModel, type FromPretrainedOptions } from '@albert-ts/core';
import {
  AlbertForMaskedLM,
  AlbertForMultipleChoice,
  AlbertForPreTraining,
  AlbertForQuestionAnswering,
  AlbertForSequenceClassification,
  AlbertForTokenClassification,
} from '@albert-ts/heads';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { PlaygroundError } from './errors.js';
import type { LocalModel } from './local-files.js';

/** Model classes the page can load, by HF architecture name. */
export const MODEL_CLASSES = {
  AlbertForMaskedLM,
  AlbertForPreTraining,
  AlbertForSequenceClassification,
  AlbertForQuestionAnswering,
  AlbertForTokenClassification,
  AlbertForMultipleChoice,
  AlbertModel,
} as const;

export type ArchitectureName = keyof typeof MODEL_CLASSES;
export type AnyModel = InstanceType<(typeof MODEL_CLASSES)[ArchitectureName]>;

export { PlaygroundError } from './errors.js';

/** `url` made absolute against the page, so relative links work and core sees a URL, not a path. */
export function absoluteUrl(url: string): string {
  try {
    return new URL(url, globalThis.location?.href).href;
  } catch {
    throw new PlaygroundError(`not a valid URL: "${url}"`);
  }
}

async function fetchOk(url: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new PlaygroundError(`cannot fetch ${url}: ${(e as Error).message} (offline, or no CORS?)`);
  }
  if (!res.ok) throw new PlaygroundError(`cannot fetch ${url}: HTTP ${res.status}`);
  return res;
}

/** The text of `url`, or undefined when the server has no such file (an optional config file). */
async function fetchOptionalText(url: string): Promise<string | undefined> {
  try {
    const res = await fetch(url);
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An `AlbertTokenizer` from the URL of a SentencePiece `.model` file, or of a `tokenizer.json`
 * (then `tokenizer_config.json` and `special_tokens_map.json` beside it are read when present).
 */
export async function loadTokenizer(url: string): Promise<AlbertTokenizer> {
  const abs = absoluteUrl(url);
  if (new URL(abs).pathname.endsWith('.json')) {
    const json = await (await fetchOk(abs)).text();
    const [config, specialTokensMap] = await Promise.all([
      fetchOptionalText(new URL('tokenizer_config.json', abs).href),
      fetchOptionalText(new URL('special_tokens_map.json', abs).href),
    ]);
    return tokenizerFromLocal({ kind: 'json', json, config, specialTokensMap });
  }
  const bytes = new Uint8Array(await (await fetchOk(abs)).arrayBuffer());
  return AlbertTokenizer.fromBytes(bytes);
}

/** The class named by a config's first `architectures` entry (AlbertModel when unknown). */
export function architectureOf(cfg: { architectures?: unknown }): ArchitectureName {
  const first = Array.isArray(cfg.architectures) ? String(cfg.architectures[0]) : '';
  return first in MODEL_CLASSES ? (first as ArchitectureName) : 'AlbertModel';
}

/** The class named by `config.json`'s first `architectures` entry (AlbertModel when unknown). */
export async function detectArchitecture(baseUrl: string): Promise<ArchitectureName> {
  const base = absoluteUrl(baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  const res = await fetchOk(`${base}config.json`);
  let cfg: { architectures?: unknown };
  try {
    cfg = (await res.json()) as { architectures?: unknown };
  } catch (e) {
    throw new PlaygroundError(`${base}config.json: not valid JSON (${(e as Error).message})`);
  }
  return architectureOf(cfg);
}

/** A folder URL, or a folder's files already in memory (a local folder picked in the page). */
export type ModelSource = string | { config: Record<string, unknown>; weights: Uint8Array };

/** Loads `config.json` + `model.safetensors` as the given class (or the one `architectures` names). */
export async function loadModel(
  source: ModelSource,
  as: ArchitectureName | 'auto' = 'auto',
): Promise<{ model: AnyModel; architecture: ArchitectureName; warnings: string[] }> {
  const architecture =
    as !== 'auto'
      ? as
      : typeof source === 'string'
        ? await detectArchitecture(source)
        : architectureOf(source.config);
  const warnings: string[] = [];
  // The classes share `fromPretrained`; TS cannot call it through their union.
  const cls = MODEL_CLASSES[architecture] as unknown as {
    fromPretrained(source: ModelSource, opts: FromPretrainedOptions): Promise<AnyModel>;
  };
  const model = await cls.fromPretrained(typeof source === 'string' ? absoluteUrl(source) : source, {
    onReport: (r) => {
      if (r.missingKeys.length) warnings.push(`missing (freshly initialised): ${r.missingKeys.join(', ')}`);
      if (r.unexpectedKeys.length) warnings.push(`unused: ${r.unexpectedKeys.join(', ')}`);
    },
  });
  return { model, architecture, warnings };
}

export const isMlm = (m: AnyModel): m is AlbertForMaskedLM | AlbertForPreTraining =>
  m instanceof AlbertForMaskedLM || m instanceof AlbertForPreTraining;
export const isClassifier = (m: AnyModel): m is AlbertForSequenceClassification =>
  m instanceof AlbertForSequenceClassification;
export const isQa = (m: AnyModel): m is AlbertForQuestionAnswering => m instanceof AlbertForQuestionAnswering;

/** The tokenizer of a local folder: its `spiece.model`, or its `tokenizer.json` (+ config files). */
export async function tokenizerFromLocal(t: LocalModel['tokenizer']): Promise<AlbertTokenizer> {
  if (t.kind === 'spiece') return AlbertTokenizer.fromBytes(t.bytes);
  return AlbertTokenizer.fromPretrained({
    tokenizerJson: t.json,
    tokenizerConfig: t.config,
    specialTokensMap: t.specialTokensMap,
  });
}
