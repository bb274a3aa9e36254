/**
 * `tokenizer_config.json` and `special_tokens_map.json` as transformers writes them for ALBERT:
 * read into AlbertTokenizerOptions (checked against what `tokenizer.json` implies), and written
 * from a tokenizer's settings.
 */
import type { AlbertTokenizerOptions } from '../albert/options.js';
import { fieldError } from '../errors.js';
import { Fields, type Json, parseJson } from './json-fields.js';
import type { TokenizerJsonSettings } from './read-tokenizer-json.js';
import type { AddedTokenJson } from './tokenizer-json.js';

const CONFIG = 'tokenizer_config.json';
const MAP = 'special_tokens_map.json';
/** transformers' "no limit" (`int(1e30)`), which JSON reads as 1e30. */
const VERY_LARGE = 1e29;

type SpecialKey = 'unkToken' | 'sepToken' | 'padToken' | 'clsToken' | 'maskToken';
const SPECIAL_KEYS: ReadonlyArray<readonly [string, SpecialKey]> = [
  ['unk_token', 'unkToken'],
  ['sep_token', 'sepToken'],
  ['pad_token', 'padToken'],
  ['cls_token', 'clsToken'],
  ['mask_token', 'maskToken'],
];

/** A special token given as a string or as an AddedToken object (`{"content": ...}`). */
function tokenOf(f: Fields, key: string): string {
  const v = f.value[key];
  if (typeof v === 'string') return v;
  return f.obj(key).str('content');
}

function readSpecials(f: Fields, out: AlbertTokenizerOptions): void {
  for (const [json, opt] of SPECIAL_KEYS) if (f.has(json)) out[opt] = tokenOf(f, json);
}

/** Ids of `added_tokens_decoder` entries that are not special: SentencePiece user-defined pieces. */
function readUserDefined(d: Fields): Array<[number, string]> {
  const out: Array<[number, string]> = [];
  for (const key of Object.keys(d.value)) {
    const t = d.obj(key);
    if (!/^(0|[1-9][0-9]{0,9})$/.test(key)) throw d.fail(key, 'a token id as the key', key);
    if (!t.bool('special', false)) out.push([Number(key), t.str('content')]);
  }
  return out;
}

/** What the config files say, with the user-defined pieces listed there. */
export interface ConfigOptions extends AlbertTokenizerOptions {
  userDefinedPieces?: Array<[number, string]>;
}

/**
 * The options the files give: `tokenizer_config.json` first, `special_tokens_map.json` over its
 * special tokens (as transformers' from_pretrained). When `implied` (from tokenizer.json) is given,
 * a contradicting flag or [CLS]/[SEP] is an error, never a tokenizer that differs from the file.
 */
export function readTokenizerConfig(
  config: unknown,
  specialTokensMap: unknown,
  implied?: TokenizerJsonSettings,
): ConfigOptions {
  const out: ConfigOptions = {};
  if (config !== undefined && config !== null) {
    const c = Fields.of(CONFIG, '', parseJson(CONFIG, config as object));
    if (c.has('do_lower_case')) out.doLowerCase = c.bool('do_lower_case');
    if (c.has('remove_space')) out.removeSpace = c.bool('remove_space');
    if (c.has('keep_accents')) out.keepAccents = c.bool('keep_accents');
    if (c.has('model_max_length')) {
      const v = c.value.model_max_length;
      if (typeof v === 'number' && v >= VERY_LARGE) out.modelMaxLength = Number.MAX_SAFE_INTEGER;
      else out.modelMaxLength = c.int('model_max_length', 1, Number.MAX_SAFE_INTEGER);
    }
    readSpecials(c, out);
    if (c.has('added_tokens_decoder')) out.userDefinedPieces = readUserDefined(c.obj('added_tokens_decoder'));
  }
  if (specialTokensMap !== undefined && specialTokensMap !== null) {
    readSpecials(Fields.of(MAP, '', parseJson(MAP, specialTokensMap as object)), out);
  }
  if (implied) {
    const lower = implied.doLowerCase ? 'has' : 'has no';
    const accents = implied.keepAccents ? 'has no' : 'has';
    const clash = (field: string, why: string, found: unknown) =>
      fieldError(CONFIG, field, why, JSON.stringify(found));
    if (out.doLowerCase !== undefined && out.doLowerCase !== implied.doLowerCase)
      throw clash(
        'do_lower_case',
        `${implied.doLowerCase} (tokenizer.json's normalizer ${lower} Lowercase)`,
        out.doLowerCase,
      );
    if (out.keepAccents !== undefined && out.keepAccents !== implied.keepAccents)
      throw clash(
        'keep_accents',
        `${implied.keepAccents} (tokenizer.json's normalizer ${accents} NFKD + StripAccents)`,
        out.keepAccents,
      );
    if (out.clsToken !== undefined && out.clsToken !== implied.clsToken)
      throw clash('cls_token', `"${implied.clsToken}" (tokenizer.json's post_processor)`, out.clsToken);
    if (out.sepToken !== undefined && out.sepToken !== implied.sepToken)
      throw clash('sep_token', `"${implied.sepToken}" (tokenizer.json's post_processor)`, out.sepToken);
    out.doLowerCase = implied.doLowerCase;
    out.keepAccents = implied.keepAccents;
    out.clsToken = implied.clsToken;
    out.sepToken = implied.sepToken;
  }
  return out;
}

/** What of an AlbertTokenizer goes into the config files. */
export interface ConfigSettings {
  doLowerCase: boolean;
  removeSpace: boolean;
  keepAccents: boolean;
  modelMaxLength: number;
  unkToken: string;
  sepToken: string;
  padToken: string;
  clsToken: string;
  maskToken: string;
}

/** `special_tokens_map.json`: [MASK] as an AddedToken object (lstrip), the others as strings. */
export function specialTokensMapJson(s: ConfigSettings): Json {
  return {
    bos_token: s.clsToken,
    cls_token: s.clsToken,
    eos_token: s.sepToken,
    mask_token: { content: s.maskToken, lstrip: true, normalized: false, rstrip: false, single_word: false },
    pad_token: s.padToken,
    sep_token: s.sepToken,
    unk_token: s.unkToken,
  };
}

/** `tokenizer_config.json` as transformers 4.x saves an AlbertTokenizer. */
export function tokenizerConfigJson(s: ConfigSettings, added: AddedTokenJson[]): Json {
  const decoder: Json = {};
  for (const t of [...added].sort((a, b) => a.id - b.id)) {
    decoder[String(t.id)] = {
      content: t.content,
      lstrip: t.lstrip,
      normalized: t.normalized,
      rstrip: t.rstrip,
      single_word: t.single_word,
      special: t.special,
    };
  }
  return {
    added_tokens_decoder: decoder,
    bos_token: s.clsToken,
    clean_up_tokenization_spaces: false,
    cls_token: s.clsToken,
    do_lower_case: s.doLowerCase,
    eos_token: s.sepToken,
    keep_accents: s.keepAccents,
    mask_token: s.maskToken,
    model_max_length: s.modelMaxLength,
    pad_token: s.padToken,
    remove_space: s.removeSpace,
    sep_token: s.sepToken,
    sp_model_kwargs: {},
    tokenizer_class: 'AlbertTokenizer',
    unk_token: s.unkToken,
  };
}
