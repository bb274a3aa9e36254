import type { Command } from 'commander';
import { Option } from 'commander';
import type { SourceOptions } from '../tasks/load.js';
import { int } from '../util/parse.js';

/** The data options finetune and evaluate share. */
export function addDataOptions(cmd: Command): Command {
  return cmd
    .option('--revision <rev>', '-m (and -t) as Hub ids: branch, tag or commit (default: main)')
    .option('--dataset <name>', 'an embedded set instead of files: spam, brown-genre, brown-pos')
    .option(
      '--glue <task>',
      'the GLUE task of .tsv files (cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, wnli)',
    )
    .option('--text-field <name>', 'JSONL/CSV field of the text', 'text')
    .option('--pair-field <name>', 'JSONL/CSV field of a second text (pairs)')
    .option('--label-field <name>', 'JSONL/CSV field of the label', 'label')
    .option('--tokens-field <name>', 'JSONL field of the words (token classification)', 'tokens')
    .option('--tags-field <name>', 'JSONL field of the tags (token classification)', 'tags')
    .option('--max-seq-length <n>', 'tokens per sequence (was --max-length)', int(8, 512), 128)
    .option(
      '--tail <n>',
      'classification: long texts as [CLS] head [SEP] last-n-pieces [SEP] (0 = the head only)',
      int(0, 500),
      0,
    )
    .addOption(
      new Option(
        '--word-pooling <mode>',
        "token classification: a word's tag from its first piece or the mean over its pieces",
      )
        .choices(['first', 'mean'])
        .default('first'),
    )
    .option('--batch-size <n>', 'examples per batch', int(1), 16)
    .option('--seed <n>', 'seed (splits of embedded sets, initialisation, order)', int(0), 42)
    .option('--skip-bad', 'skip (and count) malformed rows instead of stopping', false);
}

export const SPLITS = new Option('--split <name>', 'split of an embedded set').choices([
  'train',
  'dev',
  'test',
]);

/** The data flags: where examples come from (`SourceOptions`) and how they are encoded. */
export interface DataFlags extends Omit<SourceOptions, 'file' | 'split'> {
  maxSeqLength: number;
  tail: number;
  wordPooling: 'first' | 'mean';
  batchSize: number;
  /** The Hub revision of `-m` and `-t`. */
  revision?: string;
}
