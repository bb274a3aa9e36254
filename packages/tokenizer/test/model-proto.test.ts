import { readFixtureBytes } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import {
  decodeModelProto,
  encodeModelProto,
  type ModelProto,
  PieceType,
  pieceType,
  resolveNormalizerSpec,
  resolveTrainerSpec,
  TokenizerError,
} from '../src/index.js';

const MODELS = ['30k-clean.model', 'albert-en-30k-reconstructed.model', 'brown-8k.model'];

/** A length-delimited field `id` holding `payload`. */
function lenField(id: number, payload: Uint8Array): Uint8Array {
  return new Uint8Array([...varint((id << 3) | 2), ...varint(payload.length), ...payload]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('ModelProto codec', () => {
  it.each(MODELS)('re-encodes %s byte for byte', (name) => {
    const bytes = readFixtureBytes('tokenizer', name);
    const proto = decodeModelProto(bytes);
    expect(proto.pieces.length).toBeGreaterThan(1000);
    expect(Buffer.from(encodeModelProto(proto)).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads the fields spm_train wrote for brown-8k', () => {
    const proto = decodeModelProto(readFixtureBytes('tokenizer', 'brown-8k.model'));
    const ts = resolveTrainerSpec(proto.trainerSpec);
    expect(ts.vocabSize).toBe(8000);
    expect(ts.unkId).toBe(1);
    expect(ts.bosId).toBe(-1);
    expect(ts.padId).toBe(0);
    expect(ts.userDefinedSymbols).toEqual(['[CLS]', '[SEP]', '[MASK]']);
    expect(ts.inputSentenceSize).toBe(0);
    expect(ts.characterCoverage).toBe(1);
    expect(ts.seedSentencepieceSize).toBe(1000000);
    expect(ts.shuffleInputSentence).toBe(false);
    const ns = resolveNormalizerSpec(proto.normalizerSpec);
    expect(ns.name).toBe('nmt_nfkc');
    expect(ns.addDummyPrefix && ns.removeExtraWhitespaces && ns.escapeWhitespaces).toBe(true);
    expect(ns.precompiledCharsmap.length).toBeGreaterThan(100000);
    expect(proto.pieces.slice(0, 5).map(pieceType)).toEqual([
      PieceType.CONTROL,
      PieceType.UNKNOWN,
      PieceType.USER_DEFINED,
      PieceType.USER_DEFINED,
      PieceType.USER_DEFINED,
    ]);
    expect(pieceType(proto.pieces[5]!)).toBe(PieceType.NORMAL);
  });

  it('applies upstream defaults to absent fields', () => {
    const ts = resolveTrainerSpec(undefined);
    expect(ts.modelType).toBe(1);
    expect(ts.vocabSize).toBe(8000);
    expect(ts.characterCoverage).toBe(Math.fround(0.9995));
    expect(ts.unkId).toBe(0);
    expect(ts.bosId).toBe(1);
    expect(ts.eosId).toBe(2);
    expect(ts.padId).toBe(-1);
    expect(ts.unkSurface).toBe(' \u2047 ');
    expect(ts.maxSentenceLength).toBe(4192);
    expect(ts.splitByWhitespace).toBe(true);
    expect(ts.byteFallback).toBe(false);
    const ns = resolveNormalizerSpec({});
    expect([ns.addDummyPrefix, ns.removeExtraWhitespaces, ns.escapeWhitespaces]).toEqual([true, true, true]);
  });

  it('keeps unknown fields at every level through decode -> encode', () => {
    const piece = (s: string) => lenField(1, new TextEncoder().encode(s));
    const unknownVarint = new Uint8Array([...varint(300 << 3), 42]); // field 300, varint 42
    const p1 = new Uint8Array([...piece('<unk>'), 0x18, 2, ...unknownVarint]);
    const trainer = new Uint8Array([0x20, 0x80, 0x7d, ...lenField(99, new Uint8Array([1, 2, 3]))]); // vocab_size 16000
    const bytes = new Uint8Array([
      ...lenField(1, p1),
      ...lenField(2, trainer),
      ...lenField(77, new Uint8Array([9, 9])),
    ]);
    const proto = decodeModelProto(bytes);
    expect(proto.pieces[0]).toMatchObject({ piece: '<unk>', type: PieceType.UNKNOWN });
    expect(proto.pieces[0]!.unknownFields).toEqual(unknownVarint);
    expect(proto.trainerSpec!.vocabSize).toBe(16000);
    expect(proto.trainerSpec!.unknownFields).toEqual(lenField(99, new Uint8Array([1, 2, 3])));
    expect(proto.unknownFields).toEqual(lenField(77, new Uint8Array([9, 9])));
    // score was absent in the file; decoding fills 0 so re-encoding adds it, everything else is kept.
    const again = decodeModelProto(encodeModelProto(proto));
    expect(again).toEqual(proto);
  });

  it('round-trips a model built in code', () => {
    const proto: ModelProto = {
      pieces: [
        { piece: '<unk>', score: 0, type: PieceType.UNKNOWN },
        { piece: '\u2581a', score: -1.5 },
        { piece: '<0x41>', score: 0, type: PieceType.BYTE },
      ],
      trainerSpec: { modelType: 2, vocabSize: 3, padId: -1, byteFallback: true, inputSentenceSize: 2 ** 40 },
      normalizerSpec: {
        name: 'identity',
        addDummyPrefix: false,
        precompiledCharsmap: new Uint8Array([1, 2]),
      },
      selfTestData: { samples: [{ input: 'a', expected: '\u2581a' }] },
      denormalizerSpec: { name: 'x' },
    };
    expect(decodeModelProto(encodeModelProto(proto))).toEqual(proto);
  });

  it('rejects malformed bytes with a typed error', () => {
    const bytes = readFixtureBytes('tokenizer', 'brown-8k.model');
    for (const bad of [
      bytes.subarray(0, 1000),
      bytes.subarray(0, bytes.length - 3),
      new Uint8Array([0x0a, 0xff]),
    ]) {
      expect(() => decodeModelProto(bad)).toThrow(TokenizerError);
      try {
        decodeModelProto(bad);
      } catch (e) {
        expect((e as TokenizerError).code).toBe('MODEL_PARSE');
      }
    }
    // pieces (field 1) with a varint wire type
    expect(() => decodeModelProto(new Uint8Array([0x08, 0x01]))).toThrow(/wire type 0, expected 2/);
  });
});
