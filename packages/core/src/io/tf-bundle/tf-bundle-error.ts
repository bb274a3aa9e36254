import { AlbertError } from '../../errors.js';

/** What exactly is wrong with a TensorFlow checkpoint (tensor bundle) or its conversion. */
export type TfCheckpointProblem =
  /** A file ends before a structure it declares (footer, block, tensor bytes). */
  | 'TRUNCATED'
  /** The index does not end with the LevelDB table magic number. */
  | 'BAD_MAGIC'
  /** A table block whose layout is impossible (restarts, key prefixes, block type). */
  | 'BAD_BLOCK'
  /** A stored CRC32C does not match the bytes (block trailer, tensor data, string lengths). */
  | 'CHECKSUM'
  /** A snappy-compressed block that does not decompress. */
  | 'BAD_SNAPPY'
  /** A protocol-buffer value (header or entry) that does not parse. */
  | 'BAD_PROTO'
  /** Valid TensorFlow data this reader does not handle (partitioned variables, big-endian, a dtype). */
  | 'UNSUPPORTED'
  /** A data shard the index refers to is absent. */
  | 'MISSING_SHARD'
  /** An entry's byte size disagrees with its dtype and shape. */
  | 'SIZE_MISMATCH'
  /** A tensor name the bundle does not hold. */
  | 'NOT_FOUND'
  /** A checkpoint variable no ALBERT name rule covers. */
  | 'UNMAPPED'
  /** A tensor whose shape is not the one the config implies. */
  | 'SHAPE_MISMATCH';

/** Where the problem was found: the file and, when known, the tensor. */
export interface TfCheckpointWhere {
  file?: string;
  tensor?: string;
}

/** A TensorFlow checkpoint that cannot be read or converted; `problem` refines `code`. */
export class TfCheckpointError extends AlbertError {
  readonly problem: TfCheckpointProblem;
  readonly file: string | undefined;
  readonly tensor: string | undefined;
  constructor(problem: TfCheckpointProblem, message: string, where: TfCheckpointWhere = {}) {
    const loc = [where.file, where.tensor === undefined ? undefined : `tensor "${where.tensor}"`]
      .filter((s) => s !== undefined)
      .join(', ');
    super('INVALID_TF_CHECKPOINT', `tf checkpoint${loc ? ` (${loc})` : ''}: ${message}`);
    this.name = 'TfCheckpointError';
    this.problem = problem;
    this.file = where.file;
    this.tensor = where.tensor;
  }
}
