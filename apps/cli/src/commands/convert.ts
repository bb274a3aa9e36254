import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Argument, Option } from 'commander';
import { type Register, withConfig } from '../program.js';
import { CliFailure, oneLine, UsageError } from '../util/errors.js';
import { requireFile, requirePath } from '../util/files.js';

/** HF classes a TF checkpoint can become (listed here so `--help` loads no tfjs). */
const ARCHITECTURES = [
  'AlbertModel',
  'AlbertForPreTraining',
  'AlbertForMaskedLM',
  'AlbertForSequenceClassification',
  'AlbertForTokenClassification',
  'AlbertForMultipleChoice',
  'AlbertForQuestionAnswering',
] as const;

interface TfOptions {
  albertConfig?: string;
  vocab?: string;
  architecture?: (typeof ARCHITECTURES)[number];
}

/**
 * `albert convert tf <ckpt-prefix> <out-dir>`: a thin shell over core's convertTfCheckpoint. The
 * albert_config.json flag is `--albert-config` because `-c, --config` is every command's settings file.
 */
export const registerConvert: Register = (program, context) => {
  const group = program.command('convert').description('convert checkpoints from other formats (tf)');
  const cmd = group
    .command('tf')
    .description(
      "a TensorFlow ALBERT checkpoint (google-research/albert's .index + .data-*) -> an HF folder (config.json, model.safetensors)",
    )
    .addArgument(
      new Argument('<ckpt-prefix>', 'checkpoint prefix (model.ckpt-N), its .index file, or its folder'),
    )
    .addArgument(new Argument('<out-dir>', 'folder to write (replaced atomically)'))
    .option('--albert-config <file>', 'albert_config.json (default: beside the checkpoint)')
    .option(
      '--vocab <file>',
      'SentencePiece model copied as spiece.model (default: 30k-clean.model beside it)',
    )
    .addOption(
      new Option('--architecture <class>', 'HF class to write (default: from the head variables)').choices(
        ARCHITECTURES,
      ),
    );
  withConfig(cmd).action(async (ckpt: string, outDir: string, opts: TfOptions) => {
    const { out } = context(cmd);
    const { convertTfCheckpoint, resolveTfCheckpointPrefix } = await import('@albert-ts/core/node');
    const { AlbertError } = await import('@albert-ts/core');
    const isDir = existsSync(ckpt) && statSync(ckpt).isDirectory();
    let prefix: string;
    try {
      prefix = await resolveTfCheckpointPrefix(ckpt);
    } catch (err) {
      throw new UsageError(oneLine(err));
    }
    requirePath(`${prefix}.index`, isDir ? `checkpoint index in ${ckpt}` : 'checkpoint index');
    const configPath = requireFile(
      opts.albertConfig ?? join(dirname(prefix), 'albert_config.json'),
      opts.albertConfig === undefined
        ? 'albert_config.json beside the checkpoint (or pass --albert-config)'
        : 'albert_config.json',
    );
    const vocabPath = opts.vocab === undefined ? undefined : requireFile(opts.vocab, 'SentencePiece model');
    let report: Awaited<ReturnType<typeof convertTfCheckpoint>>;
    try {
      report = await convertTfCheckpoint(prefix, outDir, {
        configPath,
        vocabPath,
        architecture: opts.architecture,
      });
    } catch (err) {
      // A checkpoint or config that cannot be converted is the input's fault: one line, exit 1.
      if (err instanceof AlbertError) throw new CliFailure(`cannot convert ${ckpt}: ${oneLine(err)}`);
      throw err;
    }
    const lines = [
      `${report.outDir}: ${report.architecture}, ${report.tensorCount} tensors, ${report.parameters} parameters`,
      `wrote ${report.files.map((f) => f.slice(report.outDir.length + 1)).join(', ')}`,
    ];
    if (report.skipped.length)
      lines.push(`skipped ${report.skipped.length} optimizer/bookkeeping variable(s)`);
    if (report.unused.length) lines.push(`not used by ${report.architecture}: ${report.unused.join(', ')}`);
    out.result(
      {
        prefix: report.prefix,
        outDir: report.outDir,
        architecture: report.architecture,
        tensors: report.tensorCount,
        parameters: report.parameters,
        files: report.files,
        skipped: report.skipped,
        unused: report.unused,
      },
      lines.join('\n'),
    );
  });
};
