// Builds a Hugging Face tokenizer.json for a SentencePiece unigram .model, as transformers'
// SpmConverter does: Unigram(vocab with scores), Precompiled(charsmap) + collapse of repeated
// spaces, Metaspace("▁", prepend always). Used to run the JS peer on the same vocabulary.
import { decodeModelProto, PieceType } from '../dist/index.js';

export function tokenizerJsonFromModel(bytes) {
  const proto = decodeModelProto(bytes);
  const unkId = proto.pieces.findIndex((p) => p.type === PieceType.UNKNOWN);
  const charsmap = proto.normalizerSpec?.precompiledCharsmap;
  const normalizers = [];
  if (charsmap && charsmap.length > 0) {
    normalizers.push({ type: 'Precompiled', precompiled_charsmap: Buffer.from(charsmap).toString('base64') });
  }
  normalizers.push({ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' });
  const metaspace = { type: 'Metaspace', replacement: '\u2581', prepend_scheme: 'always', split: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: { type: 'Sequence', normalizers },
    pre_tokenizer: metaspace,
    post_processor: null,
    decoder: metaspace,
    model: {
      type: 'Unigram',
      unk_id: unkId,
      vocab: proto.pieces.map((p) => [p.piece, p.score]),
      byte_fallback: false,
    },
  };
}
