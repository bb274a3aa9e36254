import { copyFileSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OnnxTask } from '@albert-ts/heads';
import { Argument, Option } from 'commander';
import { initBackend } from '../lib/backend.js';
import { architectureOf, loadModel, modelFolder } from '../lib/load-model.js';
import { writeTokenizerJson } from '../lib/tokenizer-json.js';
import { type Register, withConfig } from '../program.js';
import { oneLine, UsageError } from '../util/errors.js';
import { requireDir } from '../util/files.js';

/**
 * `auto` (from config.json `architectures`), optimum's task names, and our model-class names
 * (heads resolves them). Listed here so `--help` does not load heads (and tfjs).
 */
const TASKS = [
  'auto',
  'feature-extraction',
  'fill-mask',
  'text-classification',
  'token-classification',
  'question-answering',
  'multiple-choice',
  'base',
  'masked-lm',
  'sequence-classification',
] as const;

/** Files transformers.js / optimum read beside the graph, copied when `-o` is another folder. */
const SIDE_FILES = [
  'config.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'special_tokens_map.json',
  'spiece.model',
];

interface Options {
  task: (typeof TASKS)[number];
  output?: string;
  revision?: string;
}

export const registerExport: Register = (program, context) => {
  const group = program.command('export').description('export a model to another format (onnx)');
  const cmd = group
    .command('onnx')
    .description(
      "write <dir>/onnx/model.onnx with optimum's ALBERT inputs, outputs and dynamic axes (onnxruntime, transformers.js)",
    )
    .addArgument(
      new Argument(
        '<model-dir>',
        'model folder in HF layout (config.json, model.safetensors) or a Hub id org/name',
      ),
    )
    .option('--revision <rev>', '<model-dir> as a Hub id: branch, tag or commit (default: main)')
    .addOption(
      new Option('--task <task>', 'what to export (auto: from config.json architectures, as optimum)')
        .choices(TASKS)
        .default('auto'),
    )
    .option(
      '-o, --output <dir>',
      'folder to write onnx/model.onnx into (default: the model folder; required for a Hub id)',
    );
  withConfig(cmd).action(async (modelDir: string, opts: Options) => {
    const { out, globals } = context(cmd);
    const fetched = await modelFolder(modelDir, opts.revision, SIDE_FILES);
    // The HF cache is not ours to write into: a Hub id exports to a folder the user names.
    if (fetched !== modelDir && !opts.output)
      throw new UsageError(`export onnx of the Hub id ${modelDir} needs -o <dir>`);
    const dir = requireDir(fetched, 'model folder');
    const heads = await import('@albert-ts/heads');
    let task: OnnxTask;
    try {
      task =
        opts.task === 'auto' ? heads.onnxTaskForArchitecture(architectureOf(dir)) : heads.onnxTask(opts.task);
    } catch (err) {
      throw new UsageError(`${join(modelDir, 'config.json')}: ${oneLine(err)}`);
    }
    await initBackend(globals);
    // As optimum loads AutoModelFor<task>: e.g. a pretraining checkpoint as AlbertForMaskedLM.
    const model = await loadModel(heads.onnxTaskModelClass(task), dir, { out });
    let exported: ReturnType<typeof heads.exportOnnxModel>;
    try {
      exported = heads.exportOnnxModel(model, { task });
    } catch (err) {
      if (err instanceof heads.OnnxExportError)
        throw new UsageError(`cannot export ${modelDir}: ${oneLine(err)}`);
      throw err;
    } finally {
      model.dispose();
    }
    const outDir = resolve(opts.output ?? dir);
    mkdirSync(join(outDir, 'onnx'), { recursive: true });
    const file = join(outDir, 'onnx', 'model.onnx');
    // Written beside, then renamed: a reader never sees a half-written graph.
    writeFileSync(`${file}.tmp`, exported.bytes);
    renameSync(`${file}.tmp`, file);
    const copied = outDir === dir ? [] : SIDE_FILES.filter((f) => existsSync(join(dir, f)));
    for (const f of copied) copyFileSync(join(dir, f), join(outDir, f));
    const tokenizerFiles = await writeTokenizerJson(dir, outDir, out);
    out.result(
      {
        path: file,
        task,
        opset: exported.opset,
        inputs: exported.inputNames,
        outputs: exported.outputNames,
        bytes: exported.bytes.length,
        copied,
        tokenizerFiles,
      },
      `${file}: ${task}, opset ${exported.opset}, inputs ${exported.inputNames.join(', ')}; ` +
        `outputs ${exported.outputNames.join(', ')} (${(exported.bytes.length / 2 ** 20).toFixed(1)} MiB)` +
        (copied.length ? `\ncopied ${copied.join(', ')} to ${outDir}` : '') +
        (tokenizerFiles.length ? `\nwrote ${tokenizerFiles.join(', ')} from spiece.model` : ''),
    );
  });
};
