/**
 * `tokenizer.json` (as transformers' AlbertConverter writes it, or savePretrained here) back into
 * the SentencePiece ModelProto it came from: pieces with scores and types, the normalizer spec
 * with its charsmap bytes, the unknown piece; plus the ALBERT settings its components imply.
 * What the file says that the SentencePiece pipeline cannot do exactly is refused by field.
 */
import { describeValue, fieldError } from '../errors.js';
import { type ModelProto, ModelType, PieceType, type SentencePiece } from '../proto/model-proto.js';
import { Fields, parseJson } from './json-fields.js';
import { readNormalizer } from './read-normalizer.js';
import { META } from './tokenizer-json.js';

const FILE = 'tokenizer.json';
const BYTE_PIECE = /^<0x[0-9A-F]{2}>$/;

/** What `tokenizer.json` implies for AlbertTokenizer's options. */
export interface TokenizerJsonSettings {
  doLowerCase: boolean;
  keepAccents: boolean;
  clsToken: string;
  sepToken: string;
}

function readVocab(model: Fields): { pieces: SentencePiece[]; unkId: number; byteFallback: boolean } {
  if (model.type !== 'Unigram') {
    throw fieldError(
      FILE,
      model.at('type'),
      'Unigram (ALBERT is a SentencePiece unigram model)',
      JSON.stringify(model.type),
      'MODEL_UNSUPPORTED',
    );
  }
  const vocab = model.arr('vocab');
  if (vocab.length === 0) throw model.fail('vocab', 'at least one piece');
  const seen = new Map<string, number>();
  const pieces = vocab.map((entry, i): SentencePiece => {
    const ok =
      Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && entry[0].length > 0;
    if (!ok || typeof entry[1] !== 'number' || !Number.isFinite(entry[1])) {
      throw fieldError(FILE, `${model.at('vocab')}[${i}]`, '[piece, finite score]', describeValue(entry));
    }
    const prev = seen.get(entry[0]);
    if (prev !== undefined) {
      throw fieldError(
        FILE,
        `${model.at('vocab')}[${i}]`,
        'a piece not seen before',
        `${JSON.stringify(entry[0])} (also at ${prev})`,
      );
    }
    seen.set(entry[0], i);
    // SentencePiece scores are float32; a score written from one reads back to the same float32.
    return { piece: entry[0], score: Math.fround(entry[1]), type: PieceType.NORMAL };
  });
  if (!model.has('unk_id'))
    throw model.fail('unk_id', 'the id of the unknown piece (SentencePiece needs one)');
  const unkId = model.int('unk_id', 0, pieces.length - 1);
  pieces[unkId].type = PieceType.UNKNOWN;
  const byteFallback = model.bool('byte_fallback', false);
  if (byteFallback)
    for (const p of pieces)
      if (BYTE_PIECE.test(p.piece) && p.type === PieceType.NORMAL) p.type = PieceType.BYTE;
  return { pieces, unkId, byteFallback };
}

/** Control pieces are special added tokens; user-defined ones are added tokens that are not. */
function readAddedTokens(root: Fields, pieces: SentencePiece[]): void {
  if (!root.has('added_tokens')) return;
  root.arr('added_tokens').forEach((v, i) => {
    const t = Fields.of(FILE, `added_tokens[${i}]`, v);
    const id = t.int('id', 0, Number.MAX_SAFE_INTEGER);
    const content = t.str('content');
    if (id >= pieces.length || pieces[id].piece !== content) {
      throw fieldError(
        FILE,
        t.at('content'),
        `the Unigram piece of id ${id} (tokens beyond the SentencePiece vocabulary are not supported)`,
        JSON.stringify(content),
        'MODEL_UNSUPPORTED',
      );
    }
    if (pieces[id].type === PieceType.UNKNOWN) return;
    pieces[id].type = t.bool('special', false) ? PieceType.CONTROL : PieceType.USER_DEFINED;
  });
}

/** Metaspace (or the older WhitespaceSplit + Metaspace sequence): whether a dummy prefix is added. */
function readPreTokenizer(root: Fields, pieces: SentencePiece[]): boolean {
  let pt = root.obj('pre_tokenizer');
  let splits = false;
  if (pt.type === 'Sequence') {
    const list = pt
      .arr('pretokenizers')
      .map((v, i) => Fields.of(FILE, `pre_tokenizer.pretokenizers[${i}]`, v));
    if (list.length === 2 && list[0].type === 'WhitespaceSplit') {
      splits = true;
      pt = list[1];
    } else if (list.length === 1) {
      pt = list[0];
    } else {
      throw fieldError(
        FILE,
        'pre_tokenizer.pretokenizers',
        'Metaspace, or WhitespaceSplit then Metaspace',
        `${list.length} pre-tokenizers`,
        'MODEL_UNSUPPORTED',
      );
    }
  }
  if (pt.type !== 'Metaspace') {
    throw fieldError(
      FILE,
      pt.at('type'),
      'Metaspace (SentencePiece whitespace handling)',
      JSON.stringify(pt.type),
      'MODEL_UNSUPPORTED',
    );
  }
  if (pt.has('replacement') && pt.str('replacement') !== META) {
    throw fieldError(
      FILE,
      pt.at('replacement'),
      `"${META}"`,
      JSON.stringify(pt.str('replacement')),
      'MODEL_UNSUPPORTED',
    );
  }
  splits ||= pt.bool('split', true);
  // Splitting at U+2581 is a no-op only when no piece holds one after its first character.
  const inner = pieces.findIndex((p) => p.piece.indexOf(META, 1) > 0);
  if (splits && inner >= 0) {
    throw fieldError(
      FILE,
      pt.at('split'),
      `false: piece ${inner} (${JSON.stringify(pieces[inner].piece)}) spans a U+2581 inside`,
      'true',
      'MODEL_UNSUPPORTED',
    );
  }
  if (!pt.has('prepend_scheme')) return pt.bool('add_prefix_space', true);
  const scheme = pt.str('prepend_scheme');
  if (scheme === 'always') return true;
  if (scheme === 'never') return false;
  throw fieldError(
    FILE,
    pt.at('prepend_scheme'),
    '"always" or "never" (every segment is a SentencePiece input)',
    JSON.stringify(scheme),
    'MODEL_UNSUPPORTED',
  );
}

/** `[CLS] $A [SEP]` / `[CLS] $A [SEP] $B:1 [SEP]:1`, giving the names of [CLS] and [SEP]. */
function readPostProcessor(root: Fields, pieces: SentencePiece[]): { cls: string; sep: string } {
  const pp = root.obj('post_processor');
  if (pp.type !== 'TemplateProcessing') {
    throw fieldError(FILE, pp.at('type'), 'TemplateProcessing', JSON.stringify(pp.type), 'MODEL_UNSUPPORTED');
  }
  const shape = (key: 'single' | 'pair'): string =>
    pp
      .arr(key)
      .map((v, i) => {
        const item = Fields.of(FILE, `${pp.at(key)}[${i}]`, v);
        const kind = item.has('SpecialToken') ? 'SpecialToken' : item.has('Sequence') ? 'Sequence' : null;
        if (!kind) throw item.fail('SpecialToken', 'a SpecialToken or Sequence item', item.value);
        const body = item.obj(kind);
        const id = body.str('id');
        const typeId = body.int('type_id', 0, 255);
        return kind === 'Sequence' ? `$${id}:${typeId}` : `${id}:${typeId}`;
      })
      .join(' ');
  const single = shape('single').split(' ');
  const cls = single[0]?.replace(/:0$/, '') ?? '';
  const sep = single[2]?.replace(/:0$/, '') ?? '';
  const want = { single: `${cls}:0 $A:0 ${sep}:0`, pair: `${cls}:0 $A:0 ${sep}:0 $B:1 ${sep}:1` };
  for (const key of ['single', 'pair'] as const) {
    const got = shape(key);
    if (got !== want[key] || cls.startsWith('$') || sep.startsWith('$')) {
      throw fieldError(
        FILE,
        pp.at(key),
        `ALBERT's template "${want[key]}"`,
        JSON.stringify(got),
        'MODEL_UNSUPPORTED',
      );
    }
  }
  const specials = pp.obj('special_tokens');
  for (const token of [cls, sep]) {
    const s = specials.obj(token);
    const ids = s.arr('ids');
    const id = pieces.findIndex((p) => p.piece === token);
    if (ids.length !== 1 || ids[0] !== id)
      throw s.fail('ids', `[${id}] (the id of ${JSON.stringify(token)})`, ids);
  }
  return { cls, sep };
}

/** Reads `tokenizer.json` (text, bytes or parsed) into a ModelProto and the settings it implies. */
export function readTokenizerJson(input: string | Uint8Array | object): {
  proto: ModelProto;
  settings: TokenizerJsonSettings;
} {
  const root = Fields.of(FILE, '', parseJson(FILE, input));
  const { pieces, unkId, byteFallback } = readVocab(root.obj('model'));
  readAddedTokens(root, pieces);
  const norm = readNormalizer(root);
  const addDummyPrefix = readPreTokenizer(root, pieces);
  const { cls, sep } = readPostProcessor(root, pieces);
  const proto: ModelProto = {
    pieces,
    trainerSpec: {
      modelType: ModelType.UNIGRAM,
      vocabSize: pieces.length,
      unkId,
      bosId: -1,
      eosId: -1,
      padId: -1,
      unkPiece: pieces[unkId].piece,
      byteFallback,
      controlSymbols: pieces.filter((p) => p.type === PieceType.CONTROL).map((p) => p.piece),
      userDefinedSymbols: pieces.filter((p) => p.type === PieceType.USER_DEFINED).map((p) => p.piece),
    },
    normalizerSpec: {
      // The rules are the compiled charsmap; its source name is not part of tokenizer.json.
      name: norm.charsmap.length > 0 ? 'user_defined' : 'identity',
      precompiledCharsmap: norm.charsmap,
      addDummyPrefix,
      removeExtraWhitespaces: norm.removeExtraWhitespaces,
      escapeWhitespaces: true,
    },
  };
  return {
    proto,
    settings: { doLowerCase: norm.doLowerCase, keepAccents: norm.keepAccents, clsToken: cls, sepToken: sep },
  };
}

/**
 * Marks the user-defined pieces tokenizer_config.json's `added_tokens_decoder` lists (savePretrained
 * keeps them out of tokenizer.json's added tokens; see write-tokenizer-json.ts).
 */
export function markUserDefined(proto: ModelProto, list: Array<[number, string]>): void {
  for (const [id, content] of list) {
    const p = proto.pieces[id];
    if (!p || p.piece !== content) {
      throw fieldError(
        'tokenizer_config.json',
        `added_tokens_decoder.${id}.content`,
        p ? JSON.stringify(p.piece) : `an id below ${proto.pieces.length}`,
        JSON.stringify(content),
      );
    }
    if (p.type !== PieceType.NORMAL) continue;
    p.type = PieceType.USER_DEFINED;
    proto.trainerSpec?.userDefinedSymbols?.push(content);
  }
}
