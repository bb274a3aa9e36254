import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AlbertConfig, presets } from '@albert-ts/core';
import { Option } from 'commander';
import { albertParameterCounts, bertParameterCounts, type HeadKind, humanCount } from '../param-count.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
import { numel, readSafetensorsHeader } from '../safetensors-header.js';
import { oneLine, UsageError } from '../util/errors.js';
import { int } from '../util/parse.js';

const HEADS: HeadKind[] = [
  'none',
  'pretraining',
  'masked-lm',
  'sequence-classification',
  'token-classification',
  'question-answering',
  'multiple-choice',
];

const ARCH_HEAD: Record<string, HeadKind> = {
  AlbertModel: 'none',
  AlbertForPreTraining: 'pretraining',
  AlbertForMaskedLM: 'masked-lm',
  AlbertForSequenceClassification: 'sequence-classification',
  AlbertForTokenClassification: 'token-classification',
  AlbertForQuestionAnswering: 'question-answering',
  AlbertForMultipleChoice: 'multiple-choice',
};

interface Loaded {
  config: AlbertConfig;
  source: string;
  weights?: string;
}

/** A preset name, a config.json file or a model directory (config.json + model.safetensors). */
export function loadConfigSource(spec: string): Loaded {
  const preset = (presets as Record<string, unknown>)[spec];
  if (preset !== undefined) {
    const config = preset instanceof AlbertConfig ? preset : AlbertConfig.fromJSON(preset);
    return { config, source: `preset ${spec}` };
  }
  if (!existsSync(spec)) {
    throw new UsageError(
      `'${spec}' is neither a preset (${Object.keys(presets).join(', ')}) nor an existing file or directory`,
    );
  }
  const dir = statSync(spec).isDirectory();
  const file = dir ? join(spec, 'config.json') : spec;
  if (!existsSync(file)) throw new UsageError(`no config.json in ${spec}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`${file}: not JSON (${oneLine(err)})`);
  }
  let config: AlbertConfig;
  try {
    config = AlbertConfig.fromJSON(json);
  } catch (err) {
    throw new UsageError(`${file}: ${oneLine(err)}`);
  }
  const weights =
    dir && existsSync(join(spec, 'model.safetensors')) ? join(spec, 'model.safetensors') : undefined;
  return { config, source: file, weights };
}

export const registerInfo: Register = (program, context) => {
  const cmd = program
    .command('info')
    .description('show a config, its parameter count, and what a BERT of the same shape would have')
    .argument('<model>', 'preset name (e.g. albert-base-v2), config.json, or a model directory')
    .addOption(
      new Option('--head <kind>', 'count a task head too (default: from the config architectures)').choices(
        HEADS,
      ),
    )
    .option('--num-labels <n>', 'labels of a classification head', int(1));
  withConfig(cmd).action(async (spec: string, opts: { head?: HeadKind; numLabels?: number }) => {
    const { out } = context(cmd);
    const { config, source, weights } = loadConfigSource(spec);
    const head = opts.head ?? ARCH_HEAD[config.architectures?.[0] ?? 'AlbertModel'] ?? 'none';
    const shape = { ...config, numLabels: opts.numLabels ?? config.numLabels };
    const albert = albertParameterCounts(shape, head);
    const bert = bertParameterCounts(shape, head);
    const file = weights ? readSafetensorsHeader(weights) : undefined;
    const fileParams = file?.reduce((s, e) => s + numel(e.shape), 0);
    const result = {
      source,
      head,
      config: config.toJSON(),
      parameters: albert,
      bertParameters: bert,
      ratio: bert.total / albert.total,
      ...(file ? { file: { path: weights, tensors: file.length, parameters: fileParams } } : {}),
    };
    const c = config;
    const lines = [
      `${source}`,
      `  vocab ${c.vocabSize}, embedding E=${c.embeddingSize}, hidden H=${c.hiddenSize}, FFN ${c.intermediateSize}, ` +
        `${c.numAttentionHeads} heads, act ${c.hiddenAct}`,
      `  ${c.numHiddenLayers} layers in ${c.numHiddenGroups} shared group(s) of ${c.innerGroupNum} layer(s); ` +
        `max positions ${c.maxPositionEmbeddings}; head: ${head}`,
      '',
      textTable({
        columns: ['parameters', 'ALBERT', 'BERT (same shape)'],
        rows: [
          ['embeddings', albert.embeddings, bert.embeddings],
          ['embedding projection E→H', albert.embeddingProjection, bert.embeddingProjection],
          ['encoder layers', albert.encoderLayers, bert.encoderLayers],
          ['pooler', albert.pooler, bert.pooler],
          ['head', albert.head, bert.head],
          ['total', albert.total, bert.total],
          ['total (human)', humanCount(albert.total), humanCount(bert.total)],
        ],
      }),
      '',
      `BERT of the same shape has ${(bert.total / albert.total).toFixed(1)}× the parameters.`,
    ];
    if (file) {
      lines.push(`${weights}: ${file.length} tensors, ${fileParams} parameters`);
    }
    out.result(result, lines.join('\n'));
  });
};
