/** Test helper: a local model folder in the layout transformers.js reads (`onnx/model.onnx`). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlbertPreTrainedModel } from '@albert-ts/core';
import { exportOnnx, type OnnxTask } from '../../src/index.js';

/** Writes `<root>/<name>/config.json` and `onnx/model.onnx`; returns the folder. */
export async function writeOnnxFolder(
  root: string,
  name: string,
  model: AlbertPreTrainedModel,
  task?: OnnxTask,
): Promise<string> {
  const dir = join(root, name);
  await mkdir(join(dir, 'onnx'), { recursive: true });
  const config = { ...model.config.toJSON(), architectures: [model.architecture] };
  await writeFile(join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(join(dir, 'onnx', 'model.onnx'), exportOnnx(model, task ? { task } : {}));
  return dir;
}
