/**
 * The subset of ONNX's protobuf schema (`onnx/onnx.proto`, proto2) an exported ALBERT graph
 * needs, as a protobufjs reflection root. Field numbers are ONNX's; property names are camelCase
 * (protobuf's wire format carries only the numbers). Fields we never write are left out.
 */
import protobuf from 'protobufjs/light.js';

/** `TensorProto.DataType` values we use. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
/** A `TensorProto.DataType` value this exporter writes (FLOAT or INT64). */
export type DataTypeValue = (typeof DataType)[keyof typeof DataType];

/** `AttributeProto.AttributeType` values we use. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

/** ONNX `TensorProto`: a named initializer (weight) with its shape and raw little-endian bytes. */
export interface TensorProto {
  dims: number[];
  dataType: DataTypeValue;
  name: string;
  /** Row-major, little-endian element bytes. */
  rawData: Uint8Array;
}

/** ONNX `AttributeProto`: one attribute of a node (a float, int, string, tensor or list). */
export interface AttributeProto {
  name: string;
  type: (typeof AttributeType)[keyof typeof AttributeType];
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: TensorProto;
  floats?: number[];
  ints?: number[];
}

/** ONNX `NodeProto`: one operator of the graph, its inputs, outputs and attributes. */
export interface NodeProto {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  domain?: string;
  attribute: AttributeProto[];
}

/** One axis: a fixed size or a named dynamic axis (`dim_param`, e.g. `batch_size`). */
export type Dimension = { dimValue: number } | { dimParam: string };

/** ONNX `ValueInfoProto`: a graph input or output, its element type and shape. */
export interface ValueInfoProto {
  name: string;
  type: { tensorType: { elemType: DataTypeValue; shape: { dim: Dimension[] } } };
}

/** ONNX `GraphProto`: the nodes, weights (initializers), inputs and outputs of a model. */
export interface GraphProto {
  node: NodeProto[];
  name: string;
  initializer: TensorProto[];
  input: ValueInfoProto[];
  output: ValueInfoProto[];
  docString?: string;
}

/**
 * ONNX `ModelProto`: a whole `.onnx` file (IR version, opset imports, producer, graph, metadata).
 */
export interface ModelProto {
  irVersion: number;
  opsetImport: Array<{ domain: string; version: number }>;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphProto;
  metadataProps?: Array<{ key: string; value: string }>;
}

type Fields = Record<string, { type: string; id: number; rule?: 'repeated' }>;
const f = (type: string, id: number): { type: string; id: number } => ({ type, id });
const many = (type: string, id: number): { type: string; id: number; rule: 'repeated' } => ({
  type,
  id,
  rule: 'repeated',
});

const messages: Record<string, { fields: Fields; oneofs?: Record<string, { oneof: string[] }> }> = {
  StringStringEntryProto: { fields: { key: f('string', 1), value: f('string', 2) } },
  OperatorSetIdProto: { fields: { domain: f('string', 1), version: f('int64', 2) } },
  TensorProto: {
    fields: {
      dims: many('int64', 1),
      dataType: f('int32', 2),
      name: f('string', 8),
      rawData: f('bytes', 9),
      docString: f('string', 12),
    },
  },
  AttributeProto: {
    fields: {
      name: f('string', 1),
      f: f('float', 2),
      i: f('int64', 3),
      s: f('bytes', 4),
      t: f('TensorProto', 5),
      floats: many('float', 7),
      ints: many('int64', 8),
      docString: f('string', 13),
      type: f('int32', 20),
    },
  },
  NodeProto: {
    fields: {
      input: many('string', 1),
      output: many('string', 2),
      name: f('string', 3),
      opType: f('string', 4),
      attribute: many('AttributeProto', 5),
      docString: f('string', 6),
      domain: f('string', 7),
    },
  },
  TensorShapeProto_Dimension: {
    fields: { dimValue: f('int64', 1), dimParam: f('string', 2), denotation: f('string', 3) },
    oneofs: { value: { oneof: ['dimValue', 'dimParam'] } },
  },
  TensorShapeProto: { fields: { dim: many('TensorShapeProto_Dimension', 1) } },
  TypeProto_Tensor: { fields: { elemType: f('int32', 1), shape: f('TensorShapeProto', 2) } },
  TypeProto: {
    fields: { tensorType: f('TypeProto_Tensor', 1), denotation: f('string', 6) },
  },
  ValueInfoProto: {
    fields: { name: f('string', 1), type: f('TypeProto', 2), docString: f('string', 3) },
  },
  GraphProto: {
    fields: {
      node: many('NodeProto', 1),
      name: f('string', 2),
      initializer: many('TensorProto', 5),
      docString: f('string', 10),
      input: many('ValueInfoProto', 11),
      output: many('ValueInfoProto', 12),
      valueInfo: many('ValueInfoProto', 13),
    },
  },
  ModelProto: {
    fields: {
      irVersion: f('int64', 1),
      producerName: f('string', 2),
      producerVersion: f('string', 3),
      domain: f('string', 4),
      modelVersion: f('int64', 5),
      docString: f('string', 6),
      graph: f('GraphProto', 7),
      opsetImport: many('OperatorSetIdProto', 8),
      metadataProps: many('StringStringEntryProto', 14),
    },
  },
};

// Nested messages (TensorShapeProto.Dimension, TypeProto.Tensor) are flattened under distinct
// names: the wire format does not see message names, only field numbers and types.
let root: protobuf.Root | null = null;
function types(): protobuf.Root {
  root ??= protobuf.Root.fromJSON({ nested: { onnx: { nested: messages } } });
  return root;
}

/** Serialises a model to the bytes of a `.onnx` file. */
export function encodeModel(model: ModelProto): Uint8Array {
  const T = types().lookupType('onnx.ModelProto');
  return T.encode(T.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/** Parses `.onnx` bytes back (tests and tools; int64 fields come back as numbers). */
export function decodeModel(bytes: Uint8Array): ModelProto {
  const T = types().lookupType('onnx.ModelProto');
  return T.toObject(T.decode(bytes), { longs: Number, arrays: true }) as ModelProto;
}
