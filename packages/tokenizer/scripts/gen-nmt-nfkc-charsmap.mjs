// Regenerates src/trainer/nmt-nfkc-charsmap.json (a generated asset: do not edit it by hand) from a
// .model file whose normalizer is sentencepiece's built-in `nmt_nfkc` rule (default: the fixtures'
// brown-8k.model, written by spm_train 0.1.97).
// Usage: pnpm --filter @albert-ts/tokenizer gen:charsmap [path/to/model]   (needs a built dist/)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeModelProto } from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.ALBERT_FIXTURES ?? join(here, '../../../../shared/fixtures');
const modelPath = process.argv[2] ?? join(fixtures, 'tokenizer/brown-8k.model');
const proto = decodeModelProto(new Uint8Array(readFileSync(modelPath)));
const spec = proto.normalizerSpec;
if (spec?.name !== 'nmt_nfkc' || !spec.precompiledCharsmap?.length) {
  throw new Error(`${modelPath}: normalizer is ${spec?.name}, expected nmt_nfkc with a precompiled charsmap`);
}
const bytes = spec.precompiledCharsmap;
const asset = {
  generated: `by packages/tokenizer/scripts/gen-nmt-nfkc-charsmap.mjs from ${modelPath.split('/').slice(-2).join('/')}; do not edit`,
  description:
    "sentencepiece's built-in nmt_nfkc normalization rule (NFKC plus the NMT whitespace/control rules) as its builder precompiles it (google/sentencepiece, Apache-2.0; as written by spm_train 0.1.97)",
  bytes: bytes.length,
  base64: Buffer.from(bytes).toString('base64'),
};
writeFileSync(join(here, '../src/trainer/nmt-nfkc-charsmap.json'), `${JSON.stringify(asset, null, 2)}\n`);
console.log(`wrote ${bytes.length} bytes`);
