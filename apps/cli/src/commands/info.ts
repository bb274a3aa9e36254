import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AlbertConfig } from '@albert-ts/core';
import { Option } from 'commander';
import { configSource } from '../lib/model-config.js';
import { albertParameterCounts, bertParameterCounts, type HeadKind, humanCount } from '../param-count.js';
import { type Register, withConfig } from '../program.js';
import { textTable } from '../report/table.js';
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

/** A preset name, a config.json file, a model directory (config.json + model.safetensors) or a Hub id. */
export async function loadConfigSource(spec: string, revision?: string): Promise<Loaded> {
  const { json, source, dir } = await configSource(spec, revision);
  let config: AlbertConfig;
  try {
    config = AlbertConfig.fromJSON(json);
  } catch (err) {
    throw new UsageError(`${source}: ${oneLine(err)}`);
  }
  const weights =
    dir && existsSync(join(dir, 'model.safetensors')) ? join(dir, 'model.safetensors') : undefined;
  return { config, source, ...(weights ? { weights } : {}) };
}

/** The tensors a safetensors file lists (its header only); a malformed file is a usage error. */
async function tensorsIn(path: string) {
  const { listSafetensors } = await import('@albert-ts/core/node');
  try {
    return await listSafetensors(path);
  } catch (err) {
    throw new UsageError(oneLine(err));
  }
}

export const registerInfo: Register = (program, context) => {
  const cmd = program
    .command('info')
    .description('show a config, its parameter count, and what a BERT of the same shape would have')
    .argument(
      '<model>',
      'preset name (e.g. albert-base-v2), config.json, a model directory, or a Hub id org/name (its config.json)',
    )
    .option('--revision <rev>', '<model> as a Hub id: branch, tag or commit (default: main)')
    .addOption(
      new Option('--head <kind>', 'count a task head too (default: from the config architectures)').choices(
        HEADS,
      ),
    )
    .option('--num-labels <n>', 'labels of a classification head', int(1));
  withConfig(cmd).action(
    async (spec: string, opts: { head?: HeadKind; numLabels?: number; revision?: string }) => {
      const { out } = context(cmd);
      const { config, source, weights } = await loadConfigSource(spec, opts.revision);
      const head = opts.head ?? ARCH_HEAD[config.architectures?.[0] ?? 'AlbertModel'] ?? 'none';
      const shape = { ...config, numLabels: opts.numLabels ?? config.numLabels };
      const albert = albertParameterCounts(shape, head);
      const bert = bertParameterCounts(shape, head);
      const file = weights ? await tensorsIn(weights) : undefined;
      const fileParams = file?.reduce((s, e) => s + e.shape.reduce((a, b) => a * b, 1), 0);
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
    },
  );
};
