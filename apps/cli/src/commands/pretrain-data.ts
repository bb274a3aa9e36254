import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadTokenizer, tokenizerFile } from '../lib/tokenizer.js';
import { type Register, withConfig } from '../program.js';
import { need, UsageError } from '../util/errors.js';
import { requireFile } from '../util/files.js';
import { float, int } from '../util/parse.js';

interface Options {
  input?: string[];
  output?: string;
  tokenizer?: string;
  shards: number;
  format?: 'text' | 'jsonl';
  maxSeqLength: number;
  maxPredictionsPerSeq: number;
  dupeFactor: number;
  maskedLmProb: number;
  shortSeqProb: number;
  ngram: number;
  seed: number;
  documentBufferSize: number;
  revision?: string;
}

export const registerPretrainData: Register = (program, context) => {
  const cmd = program
    .command('pretrain-data')
    .description(
      "pretraining examples (n-gram masking, sentence order) as TFRecords that google-research/albert's run_pretraining.py reads; streamed, sharded",
    )
    .option(
      '-i, --input <files...>',
      'documents: text (one sentence per line, blank line between documents) or .jsonl',
    )
    .option('-o, --output <path>', 'output file; with --shards N, files <path>-0000i-of-0000N (required)')
    .option(
      '-t, --tokenizer <file>',
      'SentencePiece .model, a model folder with spiece.model, or a Hub id (required)',
    )
    .option('--revision <rev>', '-t as a Hub id: branch, tag or commit (default: main)')
    .option('--shards <n>', 'number of output files (records go round-robin)', int(1, 10_000), 1)
    .option('--format <kind>', 'text | jsonl (default: from each file extension)')
    .option('--max-seq-length <n>', 'tokens per example, [CLS] and [SEP]s included', int(8), 512)
    .option('--max-predictions-per-seq <n>', 'masked positions per example', int(1), 20)
    .option('--dupe-factor <n>', 'passes over each document, with other segments and masks', int(1), 40)
    .option('--masked-lm-prob <p>', 'share of tokens masked', float(0, 1), 0.15)
    .option('--short-seq-prob <p>', 'share of examples made shorter on purpose', float(0, 1), 0.1)
    .option('--ngram <n>', 'longest masked n-gram, in words', int(1, 10), 3)
    .option('--seed <n>', 'random seed (random_seed)', int(0), 12345)
    .option('--document-buffer-size <n>', 'documents held and shuffled at once (memory bound)', int(1), 1000)
    .addHelpText(
      'after',
      '\nExamples:\n  albert pretrain-data -i corpus.txt -t spiece.model -o data/train.tfrecord --shards 8 --max-seq-length 512\n  albert pretrain-data -i docs.jsonl -t runs/demo/tokenizer/spiece.model -o /tmp/brown.tfrecord --dupe-factor 5',
    );
  withConfig(cmd).action(async (o: Options) => {
    const { out } = context(cmd);
    const inputs = need(o.input, '--input <files...>').map((f) => requireFile(f, 'input file'));
    const output = resolve(need(o.output, '--output <path>'));
    if (o.format !== undefined && o.format !== 'text' && o.format !== 'jsonl') {
      throw new UsageError(`--format: expected text or jsonl, found '${o.format}'`);
    }
    const tokenizer = await loadTokenizer(
      await tokenizerFile(undefined, need(o.tokenizer, '--tokenizer <file>'), o.revision),
    );
    const { readDocuments, shardPaths, writePretrainingTFRecords } = await import('@albert-ts/training/node');
    mkdirSync(dirname(output), { recursive: true });
    const paths = o.shards === 1 ? [output] : shardPaths(output, o.shards);
    const result = await writePretrainingTFRecords(readDocuments(inputs, { format: o.format }), tokenizer, {
      output: paths,
      maxSeqLength: o.maxSeqLength,
      maxPredictionsPerSeq: o.maxPredictionsPerSeq,
      dupeFactor: o.dupeFactor,
      maskedLmProb: o.maskedLmProb,
      shortSeqProb: o.shortSeqProb,
      ngram: o.ngram,
      randomSeed: o.seed,
      documentBufferSize: o.documentBufferSize,
      progressEvery: 5_000,
      onProgress: (p) =>
        out.event(
          'progress',
          { ...p },
          `${p.records} records, ${(p.bytes / 2 ** 20).toFixed(1)} MiB, ${p.seconds.toFixed(0)} s`,
        ),
    });
    out.result(
      { event: 'done', records: result.records, bytes: result.bytes, seconds: result.seconds, files: paths },
      `${result.records} records (${(result.bytes / 2 ** 20).toFixed(1)} MiB) in ${paths.length} file${paths.length === 1 ? '' : 's'}, ${result.seconds.toFixed(1)} s: ${paths.join(', ')}`,
    );
  });
};
