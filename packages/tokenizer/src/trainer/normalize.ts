import { SentencePieceProcessor } from '../processor.js';
import { ModelType, type NormalizerSpec, PieceType } from '../proto/model-proto.js';
import type { ResolvedOptions } from './options.js';

/**
 * The normalizer written into the model, and a function applying it to training text. The
 * function is the processor's own normalizer loaded from the same spec, so the text the trainer
 * learns from is normalized exactly as encoding will normalize it.
 */
export async function trainingNormalizer(o: ResolvedOptions): Promise<{
  spec: NormalizerSpec;
  normalize: (text: string) => string;
}> {
  // The 240 kB rule table loads only when a model is trained (a separate chunk for bundlers).
  const charsmap =
    o.normalization === 'nmt_nfkc'
      ? (await import('./nmt-nfkc-charsmap.js')).nmtNfkcCharsmap()
      : new Uint8Array(0);
  const spec: NormalizerSpec = {
    name: o.normalization,
    precompiledCharsmap: charsmap,
    addDummyPrefix: o.addDummyPrefix,
    removeExtraWhitespaces: o.removeExtraWhitespaces,
    escapeWhitespaces: true,
    normalizationRuleTsv: '',
  };
  // Only the normalizer of this model is used; its one piece makes it loadable.
  const sp = SentencePieceProcessor.fromModelProto({
    pieces: [{ piece: o.unkPiece, score: 0, type: PieceType.UNKNOWN }],
    trainerSpec: { modelType: ModelType.UNIGRAM, unkId: 0, bosId: -1, eosId: -1, padId: -1 },
    normalizerSpec: spec,
  });
  return { spec, normalize: (text) => sp.normalize(text) };
}
