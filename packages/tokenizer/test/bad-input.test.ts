// Acceptance 3: corrupt or wrong model files, ids out of range and non-string input give a
// TokenizerError whose code and message say what was wrong; nothing hangs or crashes.

import { readFixtureBytes } from '@albert-ts/test-support';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AlbertTokenizer,
  decodeModelProto,
  encodeModelProto,
  type ModelProto,
  type ModelType,
  PieceType,
  SentencePieceProcessor,
  TokenizerError,
} from '../src/index.js';
import { fixtureAlbert, fixtureSp } from './helpers.js';

function errorOf(f: () => unknown): TokenizerError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TokenizerError);
    return e as TokenizerError;
  }
  throw new Error('expected a TokenizerError, nothing was thrown');
}

const good = readFixtureBytes('tokenizer', 'brown-8k.model');

// The smallest file as spm_train writes one: pieces, then trainer_spec and normalizer_spec.
function minimal(): ModelProto {
  return {
    pieces: [
      { piece: '<unk>', score: 0, type: PieceType.UNKNOWN },
      { piece: '\u2581a', score: -1 },
      { piece: 'a', score: -2 },
      { piece: '\u2581', score: -3 },
    ],
    trainerSpec: { modelType: 1, vocabSize: 4, unkId: 0, bosId: -1, eosId: -1, padId: -1 },
    normalizerSpec: { name: 'identity', precompiledCharsmap: new Uint8Array(0) },
  };
}

describe('corrupt .model files', () => {
  it('truncated inside a field: MODEL_PARSE naming the byte length', () => {
    for (const cut of [1, 7, 1000, good.length >> 1, good.length - 3]) {
      const e = errorOf(() => SentencePieceProcessor.fromBytes(good.subarray(0, cut)));
      expect(['MODEL_PARSE', 'MODEL_INVALID']).toContain(e.code);
      expect(e.message).toMatch(/ModelProto|model|piece/);
    }
    expect(
      errorOf(() => SentencePieceProcessor.fromBytes(good.subarray(0, good.length - 3))).message,
    ).toContain(`${good.length - 3} bytes`);
  });

  it('any truncation either fails with a TokenizerError or loads a model that still encodes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length }), (cut) => {
        let sp: SentencePieceProcessor;
        try {
          sp = SentencePieceProcessor.fromBytes(good.subarray(0, cut));
        } catch (e) {
          expect(e).toBeInstanceOf(TokenizerError);
          return;
        }
        expect(Array.isArray(sp.encodeAsIds('hello world [MASK] ½'))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('random bytes: a TokenizerError (or, rarely, a usable model), never a crash or hang', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 4096 }), (bytes) => {
        try {
          SentencePieceProcessor.fromBytes(bytes).encodeAsIds('hello');
        } catch (e) {
          expect(e).toBeInstanceOf(TokenizerError);
          expect(['MODEL_PARSE', 'MODEL_INVALID', 'MODEL_UNSUPPORTED']).toContain((e as TokenizerError).code);
        }
      }),
      { numRuns: 300 },
    );
    expect(errorOf(() => SentencePieceProcessor.fromBytes(new Uint8Array(0))).message).toMatch(/no pieces/);
  });

  it('a different file or protobuf: typed errors saying what is missing', () => {
    const json = new TextEncoder().encode('{"vocab_size": 30000, "model_type": "albert"}');
    expect(['MODEL_PARSE', 'MODEL_INVALID']).toContain(
      errorOf(() => SentencePieceProcessor.fromBytes(json)).code,
    );
    // Field 1 (pieces) as a varint: a protobuf, but not a ModelProto.
    expect(
      errorOf(() => SentencePieceProcessor.fromBytes(new Uint8Array([0x08, 0x96, 0x01]))).message,
    ).toMatch(/pieces \(field 1\) has wire type 0, expected 2/);
    // A well-formed message of another schema: field 1 holds strings, not SentencePiece messages.
    const other = new Uint8Array([0x0a, 0x03, 0x61, 0x62, 0x63, 0x10, 0x01]);
    expect(errorOf(() => SentencePieceProcessor.fromBytes(other)).code).toMatch(/MODEL_(PARSE|INVALID)/);
  });

  it('invalid model contents are reported by field', () => {
    const bad = (f: (m: ModelProto) => void) => {
      const m = minimal();
      f(m);
      return errorOf(() => SentencePieceProcessor.fromBytes(encodeModelProto(m)));
    };
    expect(bad((m) => m.pieces.shift()).message).toMatch(/no UNKNOWN/);
    expect(bad((m) => m.pieces.push({ piece: '', score: 0 })).message).toMatch(/piece 4 is empty/);
    expect(bad((m) => m.pieces.push({ piece: 'a', score: 0 })).message).toMatch(/defined twice/);
    expect(bad((m) => m.pieces.push({ piece: '<0x41>', score: 0, type: PieceType.BYTE })).message).toMatch(
      /byte_fallback is false/,
    );
    expect(bad((m) => m.pieces.push({ piece: 'x', score: 0, type: 9 as PieceType })).message).toMatch(
      /unknown type 9/,
    );
    expect(bad((m) => m.pieces.push({ piece: 'x', score: Number.NaN })).message).toMatch(/non-finite score/);
    expect(bad((m) => (m.trainerSpec = { modelType: 7 as ModelType })).code).toBe('MODEL_UNSUPPORTED');
    expect(bad((m) => (m.trainerSpec = { byteFallback: true })).message).toMatch(/256 <0xXX>/);
    const cm = bad(
      (m) => (m.normalizerSpec = { precompiledCharsmap: new Uint8Array([255, 255, 0, 0, 1, 2]) }),
    );
    expect(cm.message).toMatch(/precompiled_charsmap trie size/);
    expect(minimal().pieces.length).toBe(4);
    expect(SentencePieceProcessor.fromBytes(encodeModelProto(minimal())).encodeAsPieces('aa a')).toEqual([
      '\u2581a',
      'a',
      '\u2581a',
    ]);
  });

  it('a scrambled charsmap never hangs or crashes encoding', () => {
    const proto = decodeModelProto(good);
    const cm = proto.normalizerSpec!.precompiledCharsmap!;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.string({ maxLength: 30 }), (seed, x) => {
        const scrambled = cm.slice();
        let s = seed;
        for (let i = 4; i < scrambled.length; i += 97) {
          s = (s * 1103515245 + 12345) % 2147483648;
          scrambled[i] = s & 0xff;
        }
        const sp = SentencePieceProcessor.fromModelProto({
          ...proto,
          normalizerSpec: { ...proto.normalizerSpec, precompiledCharsmap: scrambled },
        });
        expect(Array.isArray(sp.encodeAsIds(x))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

describe('ids out of range', () => {
  const sp = fixtureSp('30k-clean.model');
  const tok = fixtureAlbert('30k-clean.model');

  it('decodeIds / idToPiece / predicates name the bad id and the valid range', () => {
    for (const id of [30000, -1, 1.5, Number.NaN, 2 ** 40]) {
      const e = errorOf(() => sp.decodeIds([5, id]));
      expect(e.code).toBe('ID_OUT_OF_RANGE');
      expect(e.message).toContain('ids[1]');
      expect(e.message).toContain('[0, 30000)');
    }
    expect(errorOf(() => sp.decodeIds([5, '7' as unknown as number])).code).toBe('ID_OUT_OF_RANGE');
    expect(errorOf(() => sp.idToPiece(30000)).code).toBe('ID_OUT_OF_RANGE');
    expect(errorOf(() => sp.isControl(-3)).code).toBe('ID_OUT_OF_RANGE');
    expect(errorOf(() => sp.getScore(1e9)).code).toBe('ID_OUT_OF_RANGE');
  });

  it('AlbertTokenizer.decode / convertIdsToTokens too', () => {
    expect(errorOf(() => tok.decode([2, 99999, 3])).code).toBe('ID_OUT_OF_RANGE');
    expect(errorOf(() => tok.convertIdsToTokens([1, -1])).code).toBe('ID_OUT_OF_RANGE');
    expect(errorOf(() => tok.decode('123' as unknown as number[])).code).toBe('INVALID_INPUT');
  });
});

describe('non-string input', () => {
  const sp = fixtureSp('30k-clean.model');
  const tok = fixtureAlbert('30k-clean.model');
  const values: unknown[] = [123, null, undefined, {}, ['a'], new Uint8Array(2), Symbol('s')];

  it('every text entry point throws INVALID_INPUT naming the call', () => {
    for (const v of values) {
      const x = v as string;
      for (const [name, f] of [
        ['encodeAsIds', () => sp.encodeAsIds(x)],
        ['encodeAsPieces', () => sp.encodeAsPieces(x)],
        ['encode', () => sp.encode(x)],
        ['normalize', () => sp.normalize(x)],
        ['tokenize', () => tok.tokenize(x)],
        ['encode', () => tok.encode(x)],
        ['encode: pair', () => tok.encode('a', [x] as unknown as string)],
        ['encodeBatch', () => tok.encodeBatch([x])],
      ] as Array<[string, () => unknown]>) {
        const e = errorOf(f);
        expect(e.code).toBe('INVALID_INPUT');
        expect(e.message).toContain(name);
      }
    }
  });

  it('bad arguments elsewhere', () => {
    expect(errorOf(() => SentencePieceProcessor.fromBytes('model.model' as unknown as Uint8Array)).code).toBe(
      'INVALID_INPUT',
    );
    expect(errorOf(() => sp.decodePieces([1 as unknown as string])).code).toBe('INVALID_INPUT');
    expect(errorOf(() => sp.pieceToId(3 as unknown as string)).code).toBe('INVALID_INPUT');
    expect(errorOf(() => tok.encode('a', null, { truncation: 'sideways' as never })).code).toBe(
      'INVALID_OPTION',
    );
    expect(errorOf(() => tok.encode('a', null, { maxLength: -2 })).code).toBe('INVALID_OPTION');
    expect(errorOf(() => new AlbertTokenizer({} as SentencePieceProcessor)).code).toBe('INVALID_INPUT');
  });

  it('a missing file is an IO error', async () => {
    await expect(AlbertTokenizer.fromFile('/nonexistent/dir/x.model')).rejects.toMatchObject({ code: 'IO' });
    await expect(SentencePieceProcessor.load('/nonexistent/x.model')).rejects.toBeInstanceOf(TokenizerError);
  });
});
