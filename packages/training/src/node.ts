/** Node-only helpers (file system): document files, checkpoints on disk, JSONL logs, a progress bar. */
export { type ReadDocumentsOptions, readDocuments } from './node/documents.js';
export { FileCheckpointStore } from './node/file-store.js';
export { dropRedoneRecords } from './node/jsonl-redo.js';
export { jsonlLogger, progressBar } from './node/logging.js';
export {
  type TFRecordExportProgress,
  type TFRecordExportResult,
  type WritePretrainingTFRecordsOptions,
  writePretrainingTFRecords,
} from './node/tfrecord-export.js';
export { type ShardStats, shardPaths, TFRecordShardWriter } from './node/tfrecord-writer.js';
