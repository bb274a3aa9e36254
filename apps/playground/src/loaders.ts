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

/** A fetched resource that was not there, not reachable, or not what it should be. */
export class PlaygroundError extends Error {
  override name = 'PlaygroundError';
}

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

/** An `AlbertTokenizer` from the URL of a SentencePiece `.model` file. */
export async function loadTokenizer(url: string): Promise<AlbertTokenizer> {
  const abs = absoluteUrl(url);
  const bytes = new Uint8Array(await (await fetchOk(abs)).arrayBuffer());
  return AlbertTokenizer.fromBytes(bytes);
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
  const first = Array.isArray(cfg.architectures) ? String(cfg.architectures[0]) : '';
  return first in MODEL_CLASSES ? (first as ArchitectureName) : 'AlbertModel';
}

/** Loads `config.json` + `model.safetensors` from a folder URL as the given class (or the detected one). */
export async function loadModel(
  baseUrl: string,
  as: ArchitectureName | 'auto' = 'auto',
): Promise<{ model: AnyModel; architecture: ArchitectureName; warnings: string[] }> {
  const architecture = as === 'auto' ? await detectArchitecture(baseUrl) : as;
  const warnings: string[] = [];
  // The classes share `fromPretrained`; TS cannot call it through their union.
  const cls = MODEL_CLASSES[architecture] as unknown as {
    fromPretrained(source: string, opts: FromPretrainedOptions): Promise<AnyModel>;
  };
  const model = await cls.fromPretrained(absoluteUrl(baseUrl), {
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
