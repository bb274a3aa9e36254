import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { albertPreprocess, evenSubset } from '../demo/tokenizer-phase.js';
import { readTexts } from '../lib/inputs.js';
import { type Register, withConfig } from '../program.js';
import { need, oneLine, UsageError } from '../util/errors.js';
import type { JsonlStats } from '../util/jsonl.js';
import { float, int, list } from '../util/parse.js';

interface Options {
  input?: string[];
  brown: boolean;
  out?: string;
  field: string;
  vocabSize: number;
  characterCoverage: number;
  maxSentences: number;
  lowercase: boolean;
  userDefinedSymbols: string[];
  skipBad: boolean;
}

export const registerTrainTokenizer: Register = (program, context) => {
  const cmd = program
    .command('train-tokenizer')
    .description('train a unigram SentencePiece model (ALBERT specials: <pad>=0 <unk>=1 [CLS] [SEP] [MASK])')
    .option('-i, --input <files...>', 'text files (one sentence per line) or .jsonl files (see --field)')
    .option('--brown', 'train on the embedded Brown corpus (train split)', false)
    .option(
      '-o, --out <file>',
      'where to write the .model file (a .vocab file is written beside it) (required)',
    )
    .option('--field <name>', 'JSONL field holding the text', 'text')
    .option('--vocab-size <n>', 'vocabulary size, special pieces included', int(10, 1_000_000), 8000)
    .option(
      '--character-coverage <x>',
      'share of characters covered; the rest map to <unk>',
      float(0.5, 1),
      0.9995,
    )
    .option('--max-sentences <n>', 'use at most this many sentences, evenly spaced (0 = all)', int(0), 0)
    .option('--no-lowercase', 'keep case and accents (ALBERT lower-cases, so the default does too)')
    .option('--user-defined-symbols <list>', 'comma-separated pieces always kept whole', list, [])
    .option('--skip-bad', 'skip (and count) bad JSONL lines instead of stopping', false)
    .addHelpText(
      'after',
      '\nExamples:\n  albert train-tokenizer --brown -o brown-8k.model\n  albert train-tokenizer -i corpus.txt --vocab-size 16000 -o my.model',
    );
  withConfig(cmd).action(async (o: Options) => {
    const { out } = context(cmd);
    const target = resolve(need(o.out, '--out <file>'));
    if (!o.brown && !o.input?.length)
      throw new UsageError('no training text: give --input <files...> or --brown');
    let sentences: string[] = [];
    const stats: JsonlStats = { read: 0, skipped: 0, firstErrors: [] };
    if (o.brown) {
      const ds = await import('@albert-ts/datasets/node');
      const docs = await ds.loadBrownDocumentSplits();
      sentences = docs.train.flatMap((d) => d.sentences);
    }
    for (const file of o.input ?? []) {
      for await (const r of readTexts({
        texts: [],
        input: file,
        field: o.field,
        skipBad: o.skipBad,
        stats,
      })) {
        sentences.push(r.text);
      }
    }
    const input = evenSubset(sentences, o.maxSentences).map((s) => (o.lowercase ? albertPreprocess(s) : s));
    out.info(`training on ${input.length} sentences (vocabulary ${o.vocabSize})`);
    const { trainUnigram } = await import('@albert-ts/tokenizer');
    const bar = out.progress('train-tokenizer', 8);
    let rounds = 0;
    let result: Awaited<ReturnType<typeof trainUnigram>>;
    try {
      result = await trainUnigram(input, {
        vocabSize: o.vocabSize,
        characterCoverage: o.characterCoverage,
        userDefinedSymbols: o.userDefinedSymbols,
        onProgress: (e) => {
          if (e.stage === 'prune') {
            rounds += 1;
            bar.setTotal(Math.max(8, rounds + 1));
            bar.update(rounds, { pieces: e.pieces });
          }
        },
      });
    } catch (err) {
      // The trainer's option and corpus checks are about the user's input.
      const code = (err as { code?: string }).code;
      if (code === 'INVALID_INPUT' || code === 'INVALID_OPTION') throw new UsageError(oneLine(err));
      throw err;
    } finally {
      bar.stop();
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, result.model);
    const vocabPath = target.replace(/\.model$/, '') + '.vocab';
    writeFileSync(vocabPath, result.proto.pieces.map((p) => `${p.piece}\t${p.score}`).join('\n') + '\n');
    const s = result.stats;
    out.result(
      { model: target, vocab: vocabPath, ...s, skippedLines: stats.skipped },
      `wrote ${target} (${s.vocabSize} pieces) and ${vocabPath}\n` +
        `${s.sentences} sentences, ${s.words} distinct words, coverage ${s.characterCoverage.toFixed(4)}, ` +
        `${(s.timings.total / 1000).toFixed(1)} s` +
        (stats.skipped ? `; skipped ${stats.skipped} bad line(s)` : ''),
    );
  });
};
