/**
 * The SentencePiece ModelProto (`.model` file) codec.
 *
 * Decoded objects hold exactly the fields present in the file (proto2 presence is kept), so
 * `encodeModelProto(decodeModelProto(bytes))` reproduces what spm_train wrote; use
 * `resolveTrainerSpec` / `resolveNormalizerSpec` / `pieceType` for effective values with the
 * upstream defaults applied. Fields this schema does not know (newer sentencepiece versions,
 * extensions >= 200) are kept as raw wire bytes in `unknownFields` and written back unchanged
 * (after the known fields, as the C++ runtime does).
 *
 * The wire format is handled by protobufjs (see wire.ts).
 */
import type protobuf from 'protobufjs/light.js';
import { TokenizerError } from '../errors.js';
import type { ModelProto, NormalizerSpec, SentencePiece, TrainerSpec } from './messages.js';
import { PieceType } from './messages.js';
import {
  decodeMessage,
  encodeMessage,
  modelProtoType,
  normalizerSpecType,
  PieceNames,
  type Plain,
  toNumber,
  trainerSpecType,
} from './wire.js';

export {
  type ModelProto,
  ModelType,
  type NormalizerSpec,
  PieceType,
  type SelfTestData,
  type SelfTestSample,
  type SentencePiece,
  type TrainerSpec,
} from './messages.js';

/**
 * Parses a `.model` file. Throws `TokenizerError` with code `MODEL_PARSE` when the bytes are not a
 * well-formed ModelProto (truncated, random, wrong wire types). It does not check that the model is
 * usable; `SentencePieceProcessor.fromBytes` does.
 */
export function decodeModelProto(bytes: Uint8Array): ModelProto {
  if (!(bytes instanceof Uint8Array)) {
    throw new TokenizerError('INVALID_INPUT', 'decodeModelProto expects a Uint8Array');
  }
  // A plain Uint8Array view: protobufjs then reads it the same way in Node and in browsers.
  const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let decoded: Plain;
  try {
    const names = new PieceNames();
    decoded = decodeMessage(modelProtoType, view, 'ModelProto', names);
    names.resolve(view);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new TokenizerError(
      'MODEL_PARSE',
      `not a SentencePiece ModelProto (${bytes.length} bytes): ${why}`,
      { cause: e },
    );
  }
  const proto = decoded as unknown as ModelProto;
  proto.pieces ??= [];
  for (const p of proto.pieces) {
    p.piece ??= '';
    p.score ??= 0;
  }
  return proto;
}

/** Serialises a ModelProto; known fields in field-number order, then each message's unknownFields. */
export function encodeModelProto(proto: ModelProto): Uint8Array {
  if (proto === null || typeof proto !== 'object' || !Array.isArray(proto.pieces)) {
    throw new TokenizerError('INVALID_INPUT', 'encodeModelProto expects a ModelProto with a pieces array');
  }
  return encodeMessage(modelProtoType, proto as unknown as Plain, 'ModelProto');
}

function defaultsOf(type: protobuf.Type): Plain {
  const out: Plain = {};
  for (const field of type.fieldsArray) {
    if (field.repeated) {
      out[field.name] = [];
      continue;
    }
    let v: unknown = field.typeDefault;
    if (field.type === 'float') v = Math.fround(v as number);
    if (field.type === 'uint64' || field.type === 'int64') v = toNumber(v);
    if (field.type === 'bytes') v = new Uint8Array(0);
    out[field.name] = v;
  }
  return out;
}

/** A spec message with every field present (absent ones filled with their upstream defaults). */
export type Resolved<T> = Required<Omit<T, 'unknownFields'>>;

/** The upstream defaults of every TrainerSpec field (float defaults rounded to float32). */
export const TRAINER_SPEC_DEFAULTS: Readonly<Resolved<TrainerSpec>> = Object.freeze(
  defaultsOf(trainerSpecType) as unknown as Resolved<TrainerSpec>,
);

/** The upstream defaults of every NormalizerSpec field. */
export const NORMALIZER_SPEC_DEFAULTS: Readonly<Resolved<NormalizerSpec>> = Object.freeze(
  defaultsOf(normalizerSpecType) as unknown as Resolved<NormalizerSpec>,
);

function withDefaults<T extends object>(defaults: T, spec: object | undefined): T {
  const out = { ...defaults } as Record<string, unknown>;
  if (spec) {
    for (const [k, v] of Object.entries(spec)) if (v !== undefined && k !== 'unknownFields') out[k] = v;
  }
  return out as T;
}

/** A TrainerSpec with every absent field replaced by its upstream default. */
export function resolveTrainerSpec(spec: TrainerSpec | undefined): Resolved<TrainerSpec> {
  return withDefaults(TRAINER_SPEC_DEFAULTS, spec);
}

/** A NormalizerSpec with every absent field replaced by its upstream default. */
export function resolveNormalizerSpec(spec: NormalizerSpec | undefined): Resolved<NormalizerSpec> {
  return withDefaults(NORMALIZER_SPEC_DEFAULTS, spec);
}

/** The effective type of a piece (absent means NORMAL). */
export function pieceType(piece: SentencePiece): PieceType {
  return piece.type ?? PieceType.NORMAL;
}
