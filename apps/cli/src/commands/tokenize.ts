import { readTexts } from '../lib/inputs.js';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { need } from '../util/errors.js';
import type { JsonlStats } from '../util/jsonl.js';
import { int } from '../util/parse.js';

interface TokenizeOptions {
  model?: string;
  revision?: string;
  input?: string;
  field: string;
  pairField?: string;
  raw: boolean;
  maxSeqLength?: number;
  skipBad: boolean;
}

export const registerTokenize: Register = (program, context) => {
  const cmd = program
    .command('tokenize')
    .description('split text into ALBERT tokens and ids (SentencePiece + ALBERT preprocessing)')
    .argument('[text...]', 'texts to tokenize (or use --input)')
    .option(
      '-m, --model <path>',
      'a SentencePiece .model file, a model folder holding spiece.model, or a Hub id org/name (required)',
    )
    .option('--revision <rev>', '-m as a Hub id: branch, tag or commit (default: main)')
    .option('-i, --input <file>', 'read texts from a .jsonl file (see --field) or a text file (one per line)')
    .option('--field <name>', 'JSONL field holding the text', 'text')
    .option('--pair-field <name>', 'JSONL field holding a second segment')
    .option('--raw', 'raw SentencePiece pieces (no lower-casing, no [CLS]/[SEP])', false)
    .option('--max-seq-length <n>', 'truncate to this many tokens (was --max-length)', int(2))
    .option('--skip-bad', 'skip (and count) bad JSONL lines instead of stopping', false)
    .addHelpText(
      'after',
      '\nExamples:\n  albert tokenize -m runs/demo/tokenizer/spiece.model "The jury said it."\n  albert tokenize -m models/spam --input texts.jsonl --json\n  albert tokenize -m albert/albert-base-v2 "Hello world"',
    );
  withConfig(cmd).action(async (texts: string[], o: TokenizeOptions) => {
    const { out } = context(cmd);
    const tok = await loadTokenizer(
      await tokenizerFile(undefined, need(o.model, '--model <path>'), o.revision),
    );
    const stats: JsonlStats = { read: 0, skipped: 0, firstErrors: [] };
    for await (const r of readTexts({
      texts,
      input: o.input,
      field: o.field,
      pairField: o.pairField,
      skipBad: o.skipBad,
      stats,
    })) {
      if (o.raw) {
        const pieces = tok.sp.encodeAsPieces(r.text);
        const ids = tok.sp.encodeAsIds(r.text);
        out.result(
          { line: r.line, text: r.text, tokens: pieces, ids },
          `${pieces.join(' ')}\n${ids.join(' ')}`,
        );
        continue;
      }
      const enc = tok.encode(
        r.text,
        r.pair ?? null,
        o.maxSeqLength ? { maxLength: o.maxSeqLength, truncation: 'longest_first' } : {},
      );
      const tokens = tok.convertIdsToTokens(enc.inputIds);
      out.result(
        {
          line: r.line,
          text: r.text,
          ...(r.pair !== undefined ? { pair: r.pair } : {}),
          tokens,
          ids: enc.inputIds,
          tokenTypeIds: enc.tokenTypeIds,
        },
        `${tokens.join(' ')}\n${enc.inputIds.join(' ')}`,
      );
    }
    if (stats.skipped > 0) {
      out.event(
        'skipped',
        { skipped: stats.skipped, read: stats.read, first: stats.firstErrors },
        `skipped ${stats.skipped} bad line(s) of ${stats.read}; first: ${stats.firstErrors[0]}`,
      );
    }
  });
};
