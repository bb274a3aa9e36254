/**
 * `tokenizer.json` from a SentencePiece unigram model and the ALBERT options, laid out as
 * transformers' AlbertConverter writes it, so that `tokenizers`, transformers.js and this package
 * read it back to the same pieces.
 */
import { fieldError } from '../errors.js';
import {
  type ModelProto,
  ModelType,
  PieceType,
  pieceType,
  resolveNormalizerSpec,
  resolveTrainerSpec,
} from '../proto/model-proto.js';
import { encodeBase64 } from './base64.js';
import {
  type AddedTokenJson,
  META,
  type MetaspaceJson,
  type NormalizerJson,
  QUOTE_RULES,
  SPACES_REGEX,
  type TemplatePieceJson,
  type TokenizerJson,
} from './tokenizer-json.js';

/** What of an AlbertTokenizer goes into `tokenizer.json`. */
export interface AlbertJsonSettings {
  doLowerCase: boolean;
  keepAccents: boolean;
  clsToken: string;
  sepToken: string;
  maskToken: string;
  unkToken: string;
  padToken: string;
}

const FILE = 'tokenizer.json';

/** Pieces with U+2581 after their first character: Metaspace must not split on U+2581 then. */
export function hasInnerMeta(proto: ModelProto): boolean {
  return proto.pieces.some((p) => p.piece.indexOf(META, 1) > 0);
}

/** Refuses what `tokenizer.json` cannot say, so a saved file never tokenizes differently. */
function checkExpressible(proto: ModelProto): void {
  const ts = resolveTrainerSpec(proto.trainerSpec);
  const ns = resolveNormalizerSpec(proto.normalizerSpec);
  const refuse = (field: string, expected: string, found: string) =>
    fieldError('spiece.model', field, expected, found, 'MODEL_UNSUPPORTED');
  if (ts.modelType !== ModelType.UNIGRAM)
    throw refuse(
      'trainer_spec.model_type',
      'UNIGRAM for a tokenizer.json Unigram model',
      String(ts.modelType),
    );
  if (ts.treatWhitespaceAsSuffix)
    throw refuse('trainer_spec.treat_whitespace_as_suffix', 'false (Metaspace has no suffix mode)', 'true');
  if (!ns.escapeWhitespaces)
    throw refuse('normalizer_spec.escape_whitespaces', 'true (Metaspace always escapes)', 'false');
  if ((ns.normalizationRuleTsv ?? '') !== '')
    throw refuse('normalizer_spec.normalization_rule_tsv', 'empty (only compiled rules)', 'a rule table');
  const unused = proto.pieces.findIndex((p) => pieceType(p) === PieceType.UNUSED);
  if (unused >= 0)
    throw refuse(`pieces[${unused}].type`, 'no UNUSED pieces (Unigram has no unused entries)', 'UNUSED');
}

/**
 * Added tokens as HF writes them, with one difference that keeps other readers on SentencePiece's
 * ids: only pieces that are special (control, unknown, or one of ALBERT's special tokens) are
 * added tokens. A user-defined piece such as "." in ALBERT's vocabulary stays a plain Unigram
 * piece (the only piece holding its text, so the segmentation is the same); as an added token,
 * tokenizers.js would split the text around it and prefix the next word with U+2581
 * ("well-known" -> "▁well - ▁known"). `userDefined` lists those pieces for tokenizer_config.json.
 */
export function addedTokens(
  proto: ModelProto,
  s: AlbertJsonSettings,
): { special: AddedTokenJson[]; userDefined: AddedTokenJson[] } {
  const specials = new Set([s.clsToken, s.sepToken, s.maskToken, s.unkToken, s.padToken]);
  const special: AddedTokenJson[] = [];
  const userDefined: AddedTokenJson[] = [];
  proto.pieces.forEach((p, id) => {
    const type = pieceType(p);
    const isSpecial = type === PieceType.CONTROL || type === PieceType.UNKNOWN || specials.has(p.piece);
    if (!isSpecial && type !== PieceType.USER_DEFINED) return;
    // As HF's slow tokenizer treats its specials: [MASK] strips the space before it, the other
    // specials both neighbours (they are plain strings there, not AddedTokens).
    const isMask = p.piece === s.maskToken;
    (isSpecial ? special : userDefined).push({
      id,
      content: p.piece,
      single_word: false,
      lstrip: isSpecial,
      rstrip: isSpecial && !isMask,
      normalized: false,
      special: isSpecial,
    });
  });
  return { special, userDefined };
}

function normalizer(proto: ModelProto, s: AlbertJsonSettings): NormalizerJson {
  const ns = resolveNormalizerSpec(proto.normalizerSpec);
  const list: NormalizerJson[] = QUOTE_RULES.map(([from, to]) => ({
    type: 'Replace',
    pattern: { String: from },
    content: to,
  }));
  if (!s.keepAccents) list.push({ type: 'NFKD' }, { type: 'StripAccents' });
  if (s.doLowerCase) list.push({ type: 'Lowercase' });
  const charsmap = ns.precompiledCharsmap;
  if (charsmap && charsmap.length > 0) {
    list.push({ type: 'Precompiled', precompiled_charsmap: encodeBase64(charsmap) });
  }
  if (ns.removeExtraWhitespaces) {
    list.push({ type: 'Replace', pattern: { Regex: SPACES_REGEX }, content: ' ' });
  }
  return { type: 'Sequence', normalizers: list };
}

function metaspace(proto: ModelProto): MetaspaceJson {
  const ns = resolveNormalizerSpec(proto.normalizerSpec);
  return {
    type: 'Metaspace',
    replacement: META,
    prepend_scheme: ns.addDummyPrefix ? 'always' : 'never',
    split: !hasInnerMeta(proto),
  };
}

function special(id: string, typeId: number): TemplatePieceJson {
  return { SpecialToken: { id, type_id: typeId } };
}

/** The `tokenizer.json` object for `proto` (a unigram SentencePiece model) and ALBERT's settings. */
export function toTokenizerJson(proto: ModelProto, s: AlbertJsonSettings): TokenizerJson {
  checkExpressible(proto);
  const ts = resolveTrainerSpec(proto.trainerSpec);
  const unkId = proto.pieces.findIndex((p) => pieceType(p) === PieceType.UNKNOWN);
  const idOf = (token: string, field: string): number => {
    const id = proto.pieces.findIndex((p) => p.piece === token);
    if (id < 0) throw fieldError(FILE, field, `"${token}" to be a piece of the model`, 'no such piece');
    return id;
  };
  const cls = idOf(s.clsToken, 'post_processor.special_tokens');
  const sep = idOf(s.sepToken, 'post_processor.special_tokens');
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: addedTokens(proto, s).special,
    normalizer: normalizer(proto, s),
    pre_tokenizer: metaspace(proto),
    post_processor: {
      type: 'TemplateProcessing',
      single: [special(s.clsToken, 0), { Sequence: { id: 'A', type_id: 0 } }, special(s.sepToken, 0)],
      pair: [
        special(s.clsToken, 0),
        { Sequence: { id: 'A', type_id: 0 } },
        special(s.sepToken, 0),
        { Sequence: { id: 'B', type_id: 1 } },
        special(s.sepToken, 1),
      ],
      special_tokens: {
        [s.clsToken]: { id: s.clsToken, ids: [cls], tokens: [s.clsToken] },
        [s.sepToken]: { id: s.sepToken, ids: [sep], tokens: [s.sepToken] },
      },
    },
    decoder: metaspace(proto),
    model: {
      type: 'Unigram',
      unk_id: unkId,
      // float32 scores written as the doubles equal to them: read back they are the same float32.
      vocab: proto.pieces.map((p): [string, number] => [p.piece, p.score]),
      byte_fallback: ts.byteFallback,
    },
  };
}
