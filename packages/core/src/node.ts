/**
 * Node-only helpers. The main entry already reads directories in Node (it imports node:fs lazily);
 * this entry offers the same file access explicitly.
 */
import { readBytes, writeFiles } from './io/fs.js';

export {
  type ConvertTfCheckpointOptions,
  type ConvertTfCheckpointReport,
  convertTfCheckpoint,
  readTfCheckpoint,
  resolveTfCheckpointPrefix,
  writeTfCheckpoint,
} from './convert/tf-files.js';
export { HubSnapshot } from './hub/download-node.js';
export { hubSnapshotDownload } from './hub/resolve.js';
export {
  cleanStaleTemps,
  isStaleTemp,
  OLD_PREFIX,
  recoverDir,
  replaceDir,
  TEMP_PREFIX,
  tempDirName,
} from './io/atomic-dir.js';
export {
  listSafetensors,
  readSafetensorsHeader,
  type SafetensorsTensorInfo,
} from './io/safetensors-header-file.js';
export { readBytes, writeFiles };

/** Reads `config.json` (parsed) and `model.safetensors` (bytes) from a model directory. */
export async function readPretrainedDir(
  dir: string,
): Promise<{ config: Record<string, unknown>; weights: Uint8Array }> {
  const sep = dir.endsWith('/') ? '' : '/';
  const config = JSON.parse(new TextDecoder().decode(await readBytes(`${dir}${sep}config.json`))) as Record<
    string,
    unknown
  >;
  return { config, weights: await readBytes(`${dir}${sep}model.safetensors`) };
}
