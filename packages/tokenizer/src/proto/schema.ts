/**
 * sentencepiece_model.proto (google/sentencepiece, proto2) as a protobufjs JSON descriptor, so the
 * light build (reflection, no .proto parser, no codegen step) can read and write it. Field numbers
 * and defaults are the upstream ones; names are camelCase. Fields deprecated upstream are kept so
 * that files written by old spm_train versions round-trip.
 */
const f = (type: string, id: number, options?: Record<string, unknown>, rule?: 'repeated') => ({
  type,
  id,
  ...(rule ? { rule } : {}),
  ...(options ? { options } : {}),
});
const d = (value: unknown) => ({ default: value });

export const MODEL_PROTO_SCHEMA = {
  nested: {
    sentencepiece: {
      nested: {
        TrainerSpec: {
          fields: {
            input: f('string', 1, undefined, 'repeated'),
            inputFormat: f('string', 7),
            modelPrefix: f('string', 2),
            modelType: f('ModelType', 3, d('UNIGRAM')),
            vocabSize: f('int32', 4, d(8000)),
            acceptLanguage: f('string', 5, undefined, 'repeated'),
            selfTestSampleSize: f('int32', 6, d(0)),
            enableDifferentialPrivacy: f('bool', 50, d(false)),
            differentialPrivacyNoiseLevel: f('float', 51, d(0)),
            differentialPrivacyClippingThreshold: f('uint64', 52, d(0)),
            characterCoverage: f('float', 10, d(0.9995)),
            inputSentenceSize: f('uint64', 11, d(0)),
            shuffleInputSentence: f('bool', 19, d(true)),
            miningSentenceSize: f('int32', 12),
            trainingSentenceSize: f('int32', 13),
            seedSentencepieceSize: f('int32', 14, d(1000000)),
            shrinkingFactor: f('float', 15, d(0.75)),
            maxSentenceLength: f('int32', 18, d(4192)),
            numThreads: f('int32', 16, d(16)),
            numSubIterations: f('int32', 17, d(2)),
            maxSentencepieceLength: f('int32', 20, d(16)),
            splitByUnicodeScript: f('bool', 21, d(true)),
            splitByNumber: f('bool', 23, d(true)),
            splitByWhitespace: f('bool', 22, d(true)),
            treatWhitespaceAsSuffix: f('bool', 24, d(false)),
            allowWhitespaceOnlyPieces: f('bool', 26, d(false)),
            splitDigits: f('bool', 25, d(false)),
            pretokenizationDelimiter: f('string', 53, d('')),
            controlSymbols: f('string', 30, undefined, 'repeated'),
            userDefinedSymbols: f('string', 31, undefined, 'repeated'),
            requiredChars: f('string', 36),
            byteFallback: f('bool', 35, d(false)),
            vocabularyOutputPieceScore: f('bool', 32, d(true)),
            hardVocabLimit: f('bool', 33, d(true)),
            useAllVocab: f('bool', 34, d(false)),
            unkId: f('int32', 40, d(0)),
            bosId: f('int32', 41, d(1)),
            eosId: f('int32', 42, d(2)),
            padId: f('int32', 43, d(-1)),
            unkPiece: f('string', 45, d('<unk>')),
            bosPiece: f('string', 46, d('<s>')),
            eosPiece: f('string', 47, d('</s>')),
            padPiece: f('string', 48, d('<pad>')),
            unkSurface: f('string', 44, d(' \u2047 ')),
            trainExtremelyLargeCorpus: f('bool', 49, d(false)),
            seedSentencepiecesFile: f('string', 54, d('')),
          },
          nested: {
            ModelType: { values: { UNIGRAM: 1, BPE: 2, WORD: 3, CHAR: 4 } },
          },
        },
        NormalizerSpec: {
          fields: {
            name: f('string', 1),
            precompiledCharsmap: f('bytes', 2),
            addDummyPrefix: f('bool', 3, d(true)),
            removeExtraWhitespaces: f('bool', 4, d(true)),
            escapeWhitespaces: f('bool', 5, d(true)),
            normalizationRuleTsv: f('string', 6),
          },
        },
        SelfTestData: {
          fields: { samples: f('Sample', 1, undefined, 'repeated') },
          nested: {
            Sample: { fields: { input: f('string', 1), expected: f('string', 2) } },
          },
        },
        ModelProto: {
          fields: {
            pieces: f('SentencePiece', 1, undefined, 'repeated'),
            trainerSpec: f('TrainerSpec', 2),
            normalizerSpec: f('NormalizerSpec', 3),
            selfTestData: f('SelfTestData', 4),
            denormalizerSpec: f('NormalizerSpec', 5),
          },
          nested: {
            SentencePiece: {
              fields: {
                piece: f('string', 1),
                score: f('float', 2),
                type: f('Type', 3, d('NORMAL')),
              },
              nested: {
                Type: {
                  values: { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 },
                },
              },
            },
          },
        },
      },
    },
  },
};
