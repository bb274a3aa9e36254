// node examples/encode.mjs path/to/spiece.model   (after `pnpm --filter @albert-ts/tokenizer build`)
import { loadAlbertTokenizerSync, loadSentencePieceSync } from '@albert-ts/tokenizer/node';

const modelPath = process.argv[2];
const sp = loadSentencePieceSync(modelPath);
console.log(sp.encodeAsPieces('hello, my dog is cute'));
console.log(sp.encodeAsIds('hello, my dog is cute'));

const tok = loadAlbertTokenizerSync(modelPath);
const text = 'The capital of France is [MASK].';
const enc = tok.encode(text, 'Paris is.', { maxLength: 16, padding: 'max_length', returnOffsets: true });
console.log(enc.inputIds, enc.tokenTypeIds, enc.attentionMask);
console.log(tok.decode(enc.inputIds, { skipSpecialTokens: true }));
const { tokens, offsets } = tok.tokenizeWithOffsets(text);
console.log(tokens.map((t, i) => `${t} -> ${JSON.stringify(text.slice(...offsets[i]))}`));
