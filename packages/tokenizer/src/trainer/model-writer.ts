import { TokenizerError } from '../errors.js';
import {
  type ModelProto,
  ModelType,
  type NormalizerSpec,
  PieceType,
  type SentencePiece,
} from '../proto/model-proto.js';
import type { FinalPiece } from './finalize.js';
import type { ResolvedOptions } from './options.js';

export interface MetaPiece {
  piece: string;
  type: PieceType;
}

/**
 * The special pieces and their ids, placed as spm_train's InitMetaPieces does: `<unk>`, `<s>`, `</s>`,
 * `<pad>` at their configured ids, then control symbols and user-defined symbols at the lowest free
 * ids in order (a control/user symbol equal to an enabled `<s>`/`</s>`/`<pad>` only changes its type).
 */
export function metaPieces(o: ResolvedOptions): Map<number, MetaPiece> {
  const meta = new Map<number, MetaPiece>();
  const place = (id: number, piece: string, field: string): void => {
    if (id < 0) return;
    if (id >= o.vocabSize) {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: options.${field} = ${id} is outside the vocabulary (vocabSize ${o.vocabSize})`,
      );
    }
    const taken = meta.get(id);
    if (taken !== undefined) {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: options.${field} = ${id} is already the id of ${JSON.stringify(taken.piece)}`,
      );
    }
    meta.set(id, {
      piece,
      type: piece === o.unkPiece && field === 'unkId' ? PieceType.UNKNOWN : PieceType.CONTROL,
    });
  };
  place(o.unkId, o.unkPiece, 'unkId');
  place(o.bosId, o.bosPiece, 'bosId');
  place(o.eosId, o.eosPiece, 'eosId');
  place(o.padId, o.padPiece, 'padId');

  const seen = new Set<string>();
  let next = 0;
  const addSymbol = (w: string, type: PieceType, field: string): void => {
    if (seen.has(w)) {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: ${JSON.stringify(w)} is listed twice (${field})`,
      );
    }
    seen.add(w);
    if (w === o.unkPiece) {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: options.${field} must not contain the unknown piece ${JSON.stringify(w)}`,
      );
    }
    const special: Array<[string, number]> = [
      [o.bosPiece, o.bosId],
      [o.eosPiece, o.eosId],
      [o.padPiece, o.padId],
    ];
    for (const [piece, id] of special) {
      if (w === piece && id >= 0) {
        meta.set(id, { piece, type });
        return;
      }
    }
    while (meta.has(next)) next++;
    if (next >= o.vocabSize) {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: vocabSize ${o.vocabSize} is too small for the special pieces (no id left for ${JSON.stringify(w)})`,
      );
    }
    meta.set(next, { piece: w, type });
  };
  for (const w of o.controlSymbols) addSymbol(w, PieceType.CONTROL, 'controlSymbols');
  for (const w of o.userDefinedSymbols) addSymbol(w, PieceType.USER_DEFINED, 'userDefinedSymbols');
  return meta;
}

/** Lays out the ModelProto: special pieces at their ids, the trained pieces in the other slots, in order. */
export function buildModelProto(
  o: ResolvedOptions,
  meta: Map<number, MetaPiece>,
  finalPieces: readonly FinalPiece[],
  normalizerSpec: NormalizerSpec,
): ModelProto {
  const total = finalPieces.length + meta.size;
  const pieces: SentencePiece[] = [];
  const used = new Set<string>();
  let f = 0;
  for (let id = 0; id < Math.max(total, o.vocabSize) && pieces.length < total; id++) {
    const m = meta.get(id);
    let p: SentencePiece;
    if (m !== undefined) p = { piece: m.piece, score: 0, type: m.type };
    else if (f < finalPieces.length) {
      const fp = finalPieces[f++]!;
      p = { piece: fp.piece, score: fp.score };
    } else {
      throw new TokenizerError(
        'INVALID_OPTION',
        `trainUnigram: special piece ids leave a gap at id ${id} (only ${finalPieces.length} trained pieces to fill ${o.vocabSize - meta.size} slots)`,
      );
    }
    if (used.has(p.piece)) {
      throw new TokenizerError(
        'INVALID_INPUT',
        `trainUnigram: the piece ${JSON.stringify(p.piece)} is defined twice`,
      );
    }
    used.add(p.piece);
    pieces.push(p);
  }
  return {
    pieces,
    trainerSpec: {
      input: [],
      modelPrefix: '',
      modelType: ModelType.UNIGRAM,
      vocabSize: pieces.length,
      selfTestSampleSize: 0,
      inputFormat: '',
      characterCoverage: o.characterCoverage,
      inputSentenceSize: 0,
      seedSentencepieceSize: o.seedSentencepieceSize,
      shrinkingFactor: o.shrinkingFactor,
      numThreads: 1,
      numSubIterations: o.numSubIterations,
      maxSentenceLength: o.maxSentenceLength,
      shuffleInputSentence: false,
      maxSentencepieceLength: o.maxSentencepieceLength,
      splitByUnicodeScript: o.splitByUnicodeScript,
      splitByWhitespace: o.splitByWhitespace,
      splitByNumber: o.splitByNumber,
      treatWhitespaceAsSuffix: false,
      splitDigits: o.splitDigits,
      allowWhitespaceOnlyPieces: false,
      controlSymbols: [...o.controlSymbols],
      userDefinedSymbols: [...o.userDefinedSymbols],
      vocabularyOutputPieceScore: true,
      hardVocabLimit: o.hardVocabLimit,
      useAllVocab: false,
      byteFallback: false,
      requiredChars: '',
      unkId: o.unkId,
      bosId: o.bosId,
      eosId: o.eosId,
      padId: o.padId,
      unkSurface: o.unkSurface,
      unkPiece: o.unkPiece,
      bosPiece: o.bosPiece,
      eosPiece: o.eosPiece,
      padPiece: o.padPiece,
      trainExtremelyLargeCorpus: false,
    },
    normalizerSpec,
  };
}
