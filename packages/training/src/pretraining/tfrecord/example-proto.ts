import { TrainingError } from '../../errors.js';

// A hand-written encoder for the few messages of TensorFlow's example.proto / feature.proto that
// a tf.train.Example of int64 and float lists needs (field numbers from those files):
//   Example   { Features features = 1; }
//   Features  { map<string, Feature> feature = 1; }  — each entry { string key = 1; Feature value = 2; }
//   Feature   { oneof kind { BytesList bytes_list = 1; FloatList float_list = 2; Int64List int64_list = 3; } }
//   FloatList { repeated float value = 1 [packed = true]; }
//   Int64List { repeated int64 value = 1 [packed = true]; }

/** One feature: a list of int64 values or of float32 values. */
export type ExampleFeature = { int64: readonly number[] } | { float: readonly number[] };

const WIRE_LEN = 2;
const tag = (field: number, wire: number) => (field << 3) | wire;

/** Bytes of `v` as a base-128 varint (v a non-negative integer < 2^53). */
function varintSize(v: number): number {
  let n = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

/** Size of an int64 as protobuf writes it: negatives are 64-bit two's complement, always 10 bytes. */
function int64Size(v: number): number {
  return v < 0 ? 10 : varintSize(v);
}

/** Writes into a pre-sized buffer; sizes are computed first so each message is encoded once. */
class Writer {
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  pos = 0;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  varint(v: number): void {
    while (v >= 128) {
      this.bytes[this.pos++] = (v % 128) | 128;
      v = Math.floor(v / 128);
    }
    this.bytes[this.pos++] = v;
  }
  int64(v: number): void {
    if (v >= 0) {
      this.varint(v);
      return;
    }
    // Two's complement over 64 bits: low 32 bits and high 32 bits, then 7 bits at a time.
    let lo = (v % 0x1_0000_0000) >>> 0;
    let hi = Math.floor(v / 0x1_0000_0000) >>> 0;
    for (let i = 0; i < 9; i++) {
      this.bytes[this.pos++] = (lo & 0x7f) | 0x80;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    this.bytes[this.pos++] = lo & 0x01;
  }
  float32(v: number): void {
    this.view.setFloat32(this.pos, v, true);
    this.pos += 4;
  }
  raw(b: Uint8Array): void {
    this.bytes.set(b, this.pos);
    this.pos += b.length;
  }
}

const utf8 = new TextEncoder();

interface Sized {
  key: Uint8Array;
  feature: ExampleFeature;
  /** Packed payload bytes. */
  payload: number;
  /** Int64List / FloatList message bytes. */
  list: number;
  /** Feature message bytes. */
  featureMsg: number;
  /** Map entry message bytes. */
  entry: number;
}

/**
 * Serialises a `tf.train.Example` whose features are written in the order given (protobuf maps
 * have no order; TensorFlow's parser accepts any). Values are checked: int64 features take safe
 * integers, float features finite or non-finite numbers (stored as float32).
 */
export function encodeExample(
  features: ReadonlyArray<readonly [name: string, feature: ExampleFeature]>,
): Uint8Array {
  const sized: Sized[] = [];
  let featuresMsg = 0;
  for (const [name, feature] of features) {
    let payload = 0;
    if ('int64' in feature) {
      for (const v of feature.int64) {
        if (!Number.isSafeInteger(v)) {
          throw new TrainingError(
            'INVALID_INPUT',
            `tf.train.Example feature ${name}: expected int64 values, found ${v}`,
          );
        }
        payload += int64Size(v);
      }
    } else {
      payload = 4 * feature.float.length;
    }
    // An empty packed list is omitted, as protobuf serialises proto3 repeated fields.
    const list = payload === 0 ? 0 : 1 + varintSize(payload) + payload;
    const featureMsg = 1 + varintSize(list) + list;
    const key = utf8.encode(name);
    const entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(featureMsg) + featureMsg;
    sized.push({ key, feature, payload, list, featureMsg, entry });
    featuresMsg += 1 + varintSize(entry) + entry;
  }
  const w = new Writer(1 + varintSize(featuresMsg) + featuresMsg);
  w.varint(tag(1, WIRE_LEN)); // Example.features
  w.varint(featuresMsg);
  for (const s of sized) {
    w.varint(tag(1, WIRE_LEN)); // Features.feature (map entry)
    w.varint(s.entry);
    w.varint(tag(1, WIRE_LEN)); // entry key
    w.varint(s.key.length);
    w.raw(s.key);
    w.varint(tag(2, WIRE_LEN)); // entry value: Feature
    w.varint(s.featureMsg);
    const isInt = 'int64' in s.feature;
    w.varint(tag(isInt ? 3 : 2, WIRE_LEN)); // Feature.int64_list = 3 / float_list = 2
    w.varint(s.list);
    if (s.payload === 0) continue;
    w.varint(tag(1, WIRE_LEN)); // packed value = 1
    w.varint(s.payload);
    if ('int64' in s.feature) for (const v of s.feature.int64) w.int64(v);
    else for (const v of s.feature.float) w.float32(v);
  }
  if (w.pos !== w.bytes.length) {
    throw new TrainingError('BAD_STATE', `encodeExample: wrote ${w.pos} bytes, sized ${w.bytes.length}`);
  }
  return w.bytes;
}
