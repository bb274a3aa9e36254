import { decodeModelProto, encodeModelProto } from '@albert-ts/tokenizer';

/**
 * A SentencePiece model keeping only the first `size` pieces of `bytes` (specials and the
 * highest-scoring pieces come first), so texts encode to ids a tiny test model accepts.
 * Generated in memory by the tests; never written to the repository.
 */
export function truncateVocab(bytes: Uint8Array, size: number): Uint8Array {
  const proto = decodeModelProto(bytes);
  proto.pieces = proto.pieces.slice(0, size);
  if (proto.trainerSpec) proto.trainerSpec.vocabSize = size;
  return encodeModelProto(proto);
}
