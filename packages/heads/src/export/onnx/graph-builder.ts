/**
 * Builds an ONNX graph node by node: unique value names (scoped like torch's exporter, e.g.
 * `/albert/encoder/layer.0/attention/MatMul_3`), initializers, constants, inputs and outputs.
 */
import {
  type AttributeProto,
  AttributeType,
  DataType,
  type DataTypeValue,
  type Dimension,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './onnx-proto.js';

/** An attribute value, tagged with its ONNX type (a JS number alone cannot say int or float). */
export type Attr =
  | { int: number }
  | { float: number }
  | { ints: number[] }
  | { floats: number[] }
  | { string: string };

export const int = (v: number): Attr => ({ int: v });
export const float = (v: number): Attr => ({ float: v });
export const ints = (v: number[]): Attr => ({ ints: v });

function attribute(name: string, a: Attr): AttributeProto {
  if ('int' in a) return { name, type: AttributeType.INT, i: a.int };
  if ('float' in a) return { name, type: AttributeType.FLOAT, f: a.float };
  if ('ints' in a) return { name, type: AttributeType.INTS, ints: a.ints };
  if ('floats' in a) return { name, type: AttributeType.FLOATS, floats: a.floats };
  return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.string) };
}

/** Whether this machine stores typed arrays little-endian (ONNX raw_data is little-endian). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Little-endian bytes of float32 values (a copy: the source may be a view into backend memory). */
function float32Bytes(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  if (LITTLE_ENDIAN) {
    new Float32Array(out.buffer).set(values);
  } else {
    const view = new DataView(out.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
  }
  return out;
}

function int64Bytes(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(values.length * 8);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => {
    view.setBigInt64(i * 8, BigInt(v), true);
  });
  return out;
}

/** A dimension: a fixed size, or the name of a dynamic axis. */
export type Dim = number | string;

function valueInfo(name: string, elemType: DataTypeValue, dims: readonly Dim[]): ValueInfoProto {
  const dim: Dimension[] = dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly inputs: ValueInfoProto[] = [];
  private readonly outputs: ValueInfoProto[] = [];
  private readonly names = new Set<string>();
  private readonly constants = new Map<string, string>();
  private readonly scopes: string[] = [];
  private counter = 0;

  /** Runs `body` with node and value names prefixed by `/name` (nested calls nest). */
  scope<T>(name: string, body: () => T): T {
    this.scopes.push(name);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  private fresh(base: string): string {
    const prefix = this.scopes.length ? `/${this.scopes.join('/')}/` : '/';
    let name = `${prefix}${base}`;
    while (this.names.has(name)) name = `${prefix}${base}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  /**
   * Adds a node of `opType` (default ONNX domain) and returns its output value names; `outputs`
   * is a count (names are generated) or explicit names (graph outputs such as `logits`).
   */
  ops(
    opType: string,
    inputs: string[],
    attrs: Record<string, Attr> = {},
    outputs: number | string[] = 1,
  ): string[] {
    const name = this.fresh(opType);
    const outs =
      typeof outputs === 'number'
        ? Array.from({ length: outputs }, (_, i) =>
            outputs === 1 ? `${name}_output_0` : `${name}_output_${i}`,
          )
        : outputs;
    for (const o of outs) this.names.add(o);
    this.nodes.push({
      input: inputs,
      output: outs,
      name,
      opType,
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** A one-output node; `output` names it (for graph outputs). */
  op(opType: string, inputs: string[], attrs: Record<string, Attr> = {}, output?: string): string {
    return this.ops(opType, inputs, attrs, output === undefined ? 1 : [output])[0];
  }

  /** A float32 initializer under `name` (a weight: the name is kept as given). */
  floatInitializer(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const count = dims.reduce((a, b) => a * b, 1);
    if (count !== values.length) {
      throw new RangeError(`initializer ${name}: ${values.length} values for shape [${dims}]`);
    }
    const rawData = float32Bytes(values);
    this.names.add(name);
    this.initializers.push({ name, dims: [...dims], dataType: DataType.FLOAT, rawData });
    return name;
  }

  /** A shared float32 constant (a scalar when `dims` is `[]`). */
  floatConst(values: number[], dims: number[] = []): string {
    return this.constant(`float:${dims}:${values}`, () => {
      const name = this.freshConst('float');
      this.floatInitializer(name, dims, values);
      return name;
    });
  }

  /** A shared int64 constant, 1-D by default (shapes, axes, indices); `[]` dims give a scalar. */
  intConst(values: number[], dims: number[] = [values.length]): string {
    return this.constant(`int64:${dims}:${values}`, () => {
      const name = this.freshConst('int64');
      const rawData = int64Bytes(values);
      this.initializers.push({ name, dims, dataType: DataType.INT64, rawData });
      return name;
    });
  }

  private freshConst(kind: string): string {
    let name = `/const/${kind}_${this.constants.size}`;
    while (this.names.has(name)) name = `/const/${kind}_${++this.counter}`;
    this.names.add(name);
    return name;
  }

  private constant(key: string, make: () => string): string {
    let name = this.constants.get(key);
    if (name === undefined) {
      name = make();
      this.constants.set(key, name);
    }
    return name;
  }

  input(name: string, elemType: DataTypeValue, dims: readonly Dim[]): string {
    this.names.add(name);
    this.inputs.push(valueInfo(name, elemType, dims));
    return name;
  }

  /** Declares `name` (already produced by a node) a graph output of the given shape. */
  output(name: string, elemType: DataTypeValue, dims: readonly Dim[]): void {
    this.outputs.push(valueInfo(name, elemType, dims));
  }

  build(name: string, docString?: string): GraphProto {
    return {
      name,
      node: this.nodes,
      initializer: this.initializers,
      input: this.inputs,
      output: this.outputs,
      ...(docString ? { docString } : {}),
    };
  }
}
