/**
 * The files `savePretrained` writes, as transformers saves an ALBERT tokenizer: `spiece.model`
 * (the model's own bytes), `tokenizer.json`, `tokenizer_config.json`, `special_tokens_map.json`.
 */
import { encodeModelProto, type ModelProto } from '../proto/model-proto.js';
import { type ConfigSettings, specialTokensMapJson, tokenizerConfigJson } from './tokenizer-config.js';
import { addedTokens, toTokenizerJson } from './write-tokenizer-json.js';

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

export function pretrainedFiles(proto: ModelProto, s: ConfigSettings): Record<string, Uint8Array | string> {
  const tokenizer = toTokenizerJson(proto, s);
  const added = addedTokens(proto, s);
  return {
    'spiece.model': encodeModelProto(proto),
    'tokenizer.json': json(tokenizer),
    'tokenizer_config.json': json(tokenizerConfigJson(s, [...added.special, ...added.userDefined])),
    'special_tokens_map.json': json(specialTokensMapJson(s)),
  };
}
