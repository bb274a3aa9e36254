/**
 * ALBERT's normalizer sequence of `tokenizer.json` read back into what this tokenizer runs:
 * `Replace(``)`, `Replace('')`, [`NFKD`, `StripAccents`] (keep_accents false), [`Lowercase`]
 * (do_lower_case), [`Precompiled`] (sentencepiece's own charsmap), [`Replace(" {2,}" -> " ")`]
 * (remove_extra_whitespaces), in that order. Anything else would tokenize differently from
 * the SentencePiece pipeline, so it is refused with the index of the component.
 */
import { fieldError, TokenizerError } from '../errors.js';
import { PrecompiledCharsmap } from '../normalizer/charsmap.js';
import { decodeBase64 } from './base64.js';
import { Fields } from './json-fields.js';
import { QUOTE_RULES, SPACES_REGEX } from './tokenizer-json.js';

const FILE = 'tokenizer.json';

export interface NormalizerSettings {
  keepAccents: boolean;
  doLowerCase: boolean;
  /** sentencepiece's compiled rules; empty when the sequence has no Precompiled step. */
  charsmap: Uint8Array;
  removeExtraWhitespaces: boolean;
}

function components(root: Fields): Fields[] {
  if (!root.has('normalizer')) return [];
  const n = root.obj('normalizer');
  if (n.type !== 'Sequence') return [n];
  return n.arr('normalizers').map((v, i) => Fields.of(FILE, `normalizer.normalizers[${i}]`, v));
}

function replaceOf(c: Fields): { kind: 'String' | 'Regex'; from: string; to: string } | null {
  if (c.type !== 'Replace') return null;
  const p = c.obj('pattern');
  const kind = p.has('String') ? 'String' : p.has('Regex') ? 'Regex' : null;
  if (!kind) throw p.fail('String', 'a String or Regex pattern', p.value);
  return { kind, from: p.str(kind), to: c.str('content') };
}

function charsmapOf(c: Fields): Uint8Array {
  if (!c.has('precompiled_charsmap')) return new Uint8Array();
  const text = c.str('precompiled_charsmap');
  const bytes = decodeBase64(text);
  if (!bytes)
    throw c.fail('precompiled_charsmap', 'base64 text', `${text.length} characters that are not base64`);
  if (bytes.length === 0) return bytes;
  try {
    new PrecompiledCharsmap(bytes, `${FILE}: ${c.at('precompiled_charsmap')}`);
  } catch (e) {
    if (e instanceof TokenizerError) {
      throw fieldError(FILE, c.at('precompiled_charsmap'), 'a sentencepiece charsmap', e.message);
    }
    throw e;
  }
  return bytes;
}

function describeComponent(c: Fields): string {
  const r = c.type === 'Replace' ? replaceOf(c) : null;
  return r ? `Replace(${r.kind} ${JSON.stringify(r.from)} -> ${JSON.stringify(r.to)})` : c.type;
}

export function readNormalizer(root: Fields): NormalizerSettings {
  const list = components(root);
  let i = 0;
  const next = (): Fields | undefined => list[i];
  const unsupported = (expected: string): TokenizerError => {
    const c = next();
    const field = c ? `${c.path}` : `normalizer (after ${i} components)`;
    return fieldError(
      FILE,
      field,
      expected,
      c ? describeComponent(c) : 'the end of the sequence',
      'MODEL_UNSUPPORTED',
    );
  };
  for (const [from, to] of QUOTE_RULES) {
    const c = next();
    const r = c ? replaceOf(c) : null;
    if (r?.kind !== 'String' || r.from !== from || r.to !== to) {
      throw unsupported(
        `Replace(String ${JSON.stringify(from)} -> ${JSON.stringify(to)}), as ALBERT's normalizer starts`,
      );
    }
    i++;
  }
  let keepAccents = true;
  if (next()?.type === 'NFKD') {
    i++;
    if (next()?.type !== 'StripAccents') throw unsupported('StripAccents after NFKD (keep_accents false)');
    i++;
    keepAccents = false;
  }
  let doLowerCase = false;
  if (next()?.type === 'Lowercase') {
    i++;
    doLowerCase = true;
  }
  let charsmap: Uint8Array = new Uint8Array();
  const pc = next();
  if (pc?.type === 'Precompiled') {
    charsmap = charsmapOf(pc);
    i++;
  }
  let removeExtraWhitespaces = false;
  const sp = next();
  const r = sp ? replaceOf(sp) : null;
  if (r && r.kind === 'Regex' && r.from === SPACES_REGEX && r.to === ' ') {
    i++;
    removeExtraWhitespaces = true;
  }
  if (i < list.length) {
    throw unsupported(
      'nothing more: ALBERT runs Replace(``), Replace(\'\'), [NFKD, StripAccents], [Lowercase], [Precompiled], [Replace(" {2,}" -> " ")]',
    );
  }
  return { keepAccents, doLowerCase, charsmap, removeExtraWhitespaces };
}
