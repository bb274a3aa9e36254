/** The segmentation model of a `TrainerSpec.model_type`. */
import { TokenizerError } from '../errors.js';
import { ModelType, type TrainerSpec } from '../proto/model-proto.js';
import type { Vocab } from '../vocab.js';
import { BpeModel } from './bpe.js';
import { CharModel, WordModel } from './char-word.js';
import type { SegmentationModel } from './segmentation.js';
import { UnigramModel } from './unigram.js';

export function createModel(
  vocab: Vocab,
  ts: Required<Omit<TrainerSpec, 'unknownFields'>>,
): SegmentationModel {
  switch (ts.modelType) {
    case ModelType.UNIGRAM:
      return new UnigramModel(vocab);
    case ModelType.BPE:
      return new BpeModel(vocab);
    case ModelType.CHAR:
      return new CharModel(vocab);
    case ModelType.WORD:
      return new WordModel(vocab, ts.treatWhitespaceAsSuffix, ts.allowWhitespaceOnlyPieces);
    default:
      throw new TokenizerError(
        'MODEL_UNSUPPORTED',
        `trainer_spec.model_type ${ts.modelType} is not a known model type`,
      );
  }
}
