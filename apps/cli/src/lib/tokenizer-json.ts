import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { oneLine } from '../util/errors.js';
import type { Output } from '../util/output.js';

/** The tokenizer files transformers.js reads, written from `spiece.model` when absent. */
const HF_TOKENIZER_FILES = ['tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

/**
 * Makes `outDir` loadable by transformers.js: when the model folder has `spiece.model` but
 * `outDir` has no `tokenizer.json`, writes the tokenizer package's tokenizer.json (and the
 * config files that are missing). Existing files are kept; a tokenizer that cannot be read is
 * reported as one log line, not a failure (the ONNX graph itself is already written).
 */
export async function writeTokenizerJson(modelDir: string, outDir: string, out: Output): Promise<string[]> {
  if (!existsSync(join(modelDir, 'spiece.model')) || existsSync(join(outDir, 'tokenizer.json'))) return [];
  try {
    const { AlbertTokenizer } = await import('@albert-ts/tokenizer');
    const files = (await AlbertTokenizer.fromPretrained(modelDir)).pretrainedFiles();
    const written = HF_TOKENIZER_FILES.filter((f) => !existsSync(join(outDir, f)) && files[f] !== undefined);
    for (const f of written) writeFileSync(join(outDir, f), files[f]);
    return written;
  } catch (err) {
    out.event(
      'tokenizer',
      { dir: modelDir, error: oneLine(err) },
      `no tokenizer.json written: ${oneLine(err)}`,
    );
    return [];
  }
}
