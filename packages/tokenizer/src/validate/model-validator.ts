/**
 * What a `.model` file must be, beyond what sentencepiece's loader checks. sentencepiece accepts
 * any ModelProto with a piece list and an `<unk>`, so a file cut inside its piece list (spm_train
 * writes pieces first, then trainer_spec, then normalizer_spec) loads as a smaller model, and a
 * flipped byte silently changes a piece, a score or a normalization rule. A file is accepted here
 * only if it looks as spm_train (or `set_vocabulary`) writes it:
 *
 * - parts: pieces, `trainer_spec` and `normalizer_spec` all present; no unknown fields in the
 *   ModelProto, its pieces or normalizer specs (below the extension range 200+); a normalizer
 *   other than `identity` carries its precompiled charsmap, whose structure is checked
 *   (charsmap-check.ts); `trainer_spec.model_type` known;
 * - ids: `vocab_size` equals the number of pieces; `unk_id` is the UNKNOWN piece named
 *   `unk_piece`; `bos_id` / `eos_id` / `pad_id` are -1 or CONTROL pieces with their names; CONTROL
 *   and USER_DEFINED pieces are exactly the special pieces and the `control_symbols` /
 *   `user_defined_symbols` lists; with byte_fallback the 256 `<0xXX>` pieces are in byte order;
 * - pieces: valid UTF-8 (checked while decoding); special and byte pieces score 0; for unigram and
 *   BPE models, NORMAL scores are <= 0 and non-increasing with the id (the trainers sort them), and
 *   every character of a NORMAL piece is itself a piece (the trainers build pieces from their
 *   character set); no raw space in a piece when whitespace is escaped.
 *
 * Models edited by hand (pieces appended without updating vocab_size, extra user-defined pieces)
 * break some of these rules; `validation: 'sentencepiece'` loads them with sentencepiece's checks.
 */
import { modelInvalid, TokenizerError } from '../errors.js';
import { type ModelProto, ModelType, PieceType, type resolveTrainerSpec } from '../proto/model-proto.js';
import { unknownFieldNumbers } from '../proto/wire.js';
import type { Vocab } from '../vocab.js';
import { checkCharsmap } from './charsmap-check.js';

/** How a model file is checked when loaded. */
export type ModelValidation = 'strict' | 'sentencepiece';

type ResolvedTrainerSpec = ReturnType<typeof resolveTrainerSpec>;

const EXTENSION_START = 200;
const TYPE_NAMES = ['', 'NORMAL', 'UNKNOWN', 'CONTROL', 'USER_DEFINED', 'UNUSED', 'BYTE'];

function noUnknownFields(raw: Uint8Array | undefined, part: string): void {
  if (!raw || raw.length === 0) return;
  const nums = unknownFieldNumbers(raw).filter((f) => f < EXTENSION_START);
  if (nums.length > 0) {
    throw modelInvalid(part, 'only the fields of sentencepiece_model.proto', `unknown field ${nums[0]}`);
  }
}

/** The parts every file must have; cheap, so run before the vocabulary is built. */
export function checkModelParts(proto: ModelProto): void {
  const n = proto.pieces.length;
  if (n === 0) throw modelInvalid('pieces (field 1)', 'at least the <unk> piece', 'no pieces');
  if (!proto.trainerSpec) {
    throw modelInvalid(
      'trainer_spec (field 2)',
      'present (spm_train writes it after the pieces)',
      n > 0 ? `missing after ${n} pieces: the file looks cut inside its piece list` : 'missing',
    );
  }
  if (!proto.normalizerSpec) {
    throw modelInvalid(
      'normalizer_spec (field 3)',
      'present (spm_train writes it after trainer_spec)',
      'missing: the file looks cut before its normalizer',
    );
  }
  const type = proto.trainerSpec.modelType ?? ModelType.UNIGRAM;
  if (!(type >= ModelType.UNIGRAM && type <= ModelType.CHAR)) {
    throw modelInvalid(
      'trainer_spec.model_type',
      'UNIGRAM, BPE, WORD or CHAR (1..4)',
      String(type),
      'MODEL_UNSUPPORTED',
    );
  }
  noUnknownFields(proto.unknownFields, 'ModelProto');
  noUnknownFields(proto.normalizerSpec.unknownFields, 'normalizer_spec');
  noUnknownFields(proto.denormalizerSpec?.unknownFields, 'denormalizer_spec');
  noUnknownFields(proto.selfTestData?.unknownFields, 'self_test_data');
  for (let i = 0; i < n; i++) noUnknownFields(proto.pieces[i]!.unknownFields, `pieces[${i}]`);
  for (const [spec, where] of [
    [proto.normalizerSpec, 'normalizer_spec'],
    [proto.denormalizerSpec, 'denormalizer_spec'],
  ] as const) {
    if (!spec) continue;
    const cm = spec.precompiledCharsmap;
    if (cm && cm.length > 0) checkCharsmap(cm, where);
    else if (where === 'normalizer_spec' && (spec.name ?? '') !== 'identity') {
      throw modelInvalid(
        'normalizer_spec.precompiled_charsmap',
        `the compiled rules of normalizer ${JSON.stringify(spec.name ?? '')} (only "identity" has none)`,
        'none',
      );
    }
  }
}

/** The piece table against the trainer spec; run after the vocabulary passed its own checks. */
export function checkModelConsistency(proto: ModelProto, vocab: Vocab, ts: ResolvedTrainerSpec): void {
  const n = vocab.size;
  const { pieces, types, scores } = vocab;
  if (proto.trainerSpec?.vocabSize === undefined || ts.vocabSize !== n) {
    throw modelInvalid(
      'trainer_spec.vocab_size',
      `the number of pieces (${n})`,
      proto.trainerSpec?.vocabSize === undefined ? 'no vocab_size' : String(ts.vocabSize),
    );
  }
  const expectPiece = (what: string, id: number, type: PieceType, name: string) => {
    if (id < 0 || id >= n) {
      throw modelInvalid(`trainer_spec.${what}_id`, `an id in [0, ${n})`, String(id));
    }
    if (types[id] !== type || pieces[id] !== name) {
      throw modelInvalid(
        `pieces[${id}] (trainer_spec.${what}_id)`,
        `${TYPE_NAMES[type]} ${JSON.stringify(name)}`,
        `${TYPE_NAMES[types[id]!]} ${JSON.stringify(pieces[id])}`,
      );
    }
  };
  expectPiece('unk', ts.unkId, PieceType.UNKNOWN, ts.unkPiece);
  const control = new Set(ts.controlSymbols);
  for (const [what, id, name] of [
    ['bos', ts.bosId, ts.bosPiece],
    ['eos', ts.eosId, ts.eosPiece],
    ['pad', ts.padId, ts.padPiece],
  ] as const) {
    if (id === -1) continue;
    expectPiece(what, id, PieceType.CONTROL, name);
    control.add(name);
  }
  const userDefined = new Set(ts.userDefinedSymbols);
  const bytePieces: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = types[i]!;
    if (t === PieceType.NORMAL || t === PieceType.UNUSED) continue;
    if (scores[i] !== 0) {
      throw modelInvalid(`pieces[${i}].score`, `0 for a ${TYPE_NAMES[t]} piece`, String(scores[i]));
    }
    if (t === PieceType.BYTE) bytePieces.push(i);
    const listed = t === PieceType.CONTROL ? control : t === PieceType.USER_DEFINED ? userDefined : null;
    if (listed && !listed.delete(pieces[i]!)) {
      throw modelInvalid(
        `pieces[${i}].type`,
        `${TYPE_NAMES[t]} only for pieces trainer_spec lists as ${t === PieceType.CONTROL ? 'control_symbols or bos/eos/pad' : 'user_defined_symbols'}`,
        `${TYPE_NAMES[t]} ${JSON.stringify(pieces[i])}`,
      );
    }
  }
  // What is left of the lists after removing the pieces found: symbols with no piece of their type.
  for (const [left, what] of [
    [control, 'control_symbols'],
    [userDefined, 'user_defined_symbols'],
  ] as const) {
    const missing = left.values().next();
    if (!missing.done) {
      throw modelInvalid(
        `trainer_spec.${what}`,
        `each symbol a ${what === 'control_symbols' ? 'CONTROL' : 'USER_DEFINED'} piece`,
        `${JSON.stringify(missing.value)} is not`,
      );
    }
  }
  for (let k = 1; k < bytePieces.length; k++) {
    if (bytePieces[k]! !== bytePieces[k - 1]! + 1 || vocab.byteToId[k] !== bytePieces[k]) {
      throw modelInvalid(
        'byte pieces',
        '<0x00>..<0xFF> at consecutive ids in byte order',
        `${pieces[bytePieces[k]!]} at id ${bytePieces[k]}`,
      );
    }
  }

  const ordered = ts.modelType === ModelType.UNIGRAM || ts.modelType === ModelType.BPE;
  const escapesSpaces = proto.normalizerSpec?.escapeWhitespaces ?? true;
  let prev = 0;
  let prevId = -1;
  for (let i = 0; i < n; i++) {
    if (types[i] !== PieceType.NORMAL) continue;
    const s = scores[i]!;
    const p = pieces[i]!;
    if (ordered && (s > 0 || (prevId >= 0 && s > prev))) {
      throw modelInvalid(
        `pieces[${i}].score`,
        prevId < 0
          ? 'a log probability <= 0'
          : `<= 0 and <= the score of pieces[${prevId}] (${prev}): the trainer sorts NORMAL pieces by score`,
        String(s),
      );
    }
    prev = s;
    prevId = i;
    if (escapesSpaces && p.includes(' ')) {
      throw modelInvalid(`pieces[${i}]`, 'no raw space (whitespace is escaped to U+2581)', JSON.stringify(p));
    }
  }
}

/**
 * sentencepiece's loader runs the file's self-test samples (input -> expected pieces joined by
 * spaces) and refuses the model when one fails; as there (`VerifyOutputsEquivalent`), a unigram
 * result with the same total score counts as equal.
 */
export function checkSelfTest(
  proto: ModelProto,
  vocab: Vocab,
  unigram: boolean,
  encodeAsPieces: (text: string) => string[],
): void {
  const samples = proto.selfTestData?.samples ?? [];
  const score = (pieces: string[]) => {
    let total = 0;
    for (const p of pieces) {
      const id = vocab.pieceToId(p);
      total += id === vocab.unkId ? vocab.minScore - 10 : vocab.scores[id]!;
    }
    return total;
  };
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    const want = s.expected ?? '';
    const got = encodeAsPieces(s.input ?? '');
    const joined = got.join(' ');
    if (joined === want) continue;
    if (unigram && Math.abs(score(got) - score(want.split(' '))) <= 1e-4) continue;
    throw new TokenizerError(
      'MODEL_INVALID',
      `model file: self_test_data.samples[${i}]: expected ${JSON.stringify(want)}, found ${JSON.stringify(joined)}`,
      { detail: { part: `self_test_data.samples[${i}]`, expected: want, found: joined } },
    );
  }
}
