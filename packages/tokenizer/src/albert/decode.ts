/** Decoding helpers of Hugging Face's tokenizers. */
import { isPySpace } from '../unicode/python.js';

/**
 * `AlbertTokenizer.convert_tokens_to_string` of later transformers 4.x: special tokens are written
 * as-is (with a space before a run of them) and the text between them goes through sentencepiece;
 * the result is stripped.
 */
export function decodeNewer(
  tokens: string[],
  specials: Set<string>,
  spDecode: (pieces: string[]) => string,
): string {
  let out = '';
  let prevIsSpecial = false;
  let cur: string[] = [];
  for (const t of tokens) {
    if (specials.has(t)) {
      if (!prevIsSpecial) out += ' ';
      out += spDecode(cur) + t;
      prevIsSpecial = true;
      cur = [];
    } else {
      cur.push(t);
      prevIsSpecial = false;
    }
  }
  out += spDecode(cur);
  return pyStrip(out);
}

function pyStrip(s: string): string {
  let b = 0;
  let e = s.length;
  while (b < e && isPySpace(s.charCodeAt(b))) b++;
  while (e > b && isPySpace(s.charCodeAt(e - 1))) e--;
  return s.slice(b, e);
}

/** `PreTrainedTokenizerBase.clean_up_tokenization`. */
export function cleanUpTokenization(s: string): string {
  return s
    .replaceAll(' .', '.')
    .replaceAll(' ?', '?')
    .replaceAll(' !', '!')
    .replaceAll(' ,', ',')
    .replaceAll(" ' ", "'")
    .replaceAll(" n't", "n't")
    .replaceAll(" 'm", "'m")
    .replaceAll(" 's", "'s")
    .replaceAll(" 've", "'ve")
    .replaceAll(" 're", "'re");
}
