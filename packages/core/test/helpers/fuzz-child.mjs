// Child process of the hostile-input fuzz test: mutates a real safetensors file and config.json
// with fast-check and loads each case with AlbertModel.fromPretrained (cpu backend, BUILT package).
// Every case must end in a typed AlbertError or a model whose weights are exactly the file's.
//   node fuzz-child.mjs <fixture dir> <safetensors ms> <config ms> <seed>
// Prints one JSON line of counts per target.
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { AlbertError, AlbertModel } from '../../dist/index.js';

const [fixtureDir, stMs, cfgMs, seedArg] = process.argv.slice(2);
const seed = Number(seedArg);
await tf.setBackend('cpu');
const CONFIG = JSON.parse(readFileSync(join(fixtureDir, 'config.json'), 'utf8'));
const BYTES = new Uint8Array(readFileSync(join(fixtureDir, 'model.safetensors')));
const N = Number(new DataView(BYTES.buffer, BYTES.byteOffset).getBigUint64(0, true));
const HEADER = JSON.parse(new TextDecoder().decode(BYTES.subarray(8, 8 + N)));
const NAMES = Object.keys(HEADER).filter((k) => k !== '__metadata__');
/** A case slower than this counts as a failure: hostile input must not make loading hang. */
const SLOW_MS = 5000;
const IDS = [[2, 17, 41, 300, 3]];

// ---- an independent reader, to say what a correct load must hold ----
function f16(h) {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}
function expectedTensors(bytes) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(dv.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const out = new Map();
  for (const [name, e] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const [b, end] = e.data_offsets;
    const at = 8 + n + b;
    const size = { F32: 4, F64: 8, F16: 2, BF16: 2 }[e.dtype];
    const v = new Float32Array((end - b) / size);
    for (let i = 0; i < v.length; i++) {
      const p = at + i * size;
      if (e.dtype === 'F32') v[i] = dv.getFloat32(p, true);
      else if (e.dtype === 'F64') v[i] = dv.getFloat64(p, true);
      else if (e.dtype === 'F16') v[i] = f16(dv.getUint16(p, true));
      else v[i] = new Float32Array(new Uint32Array([dv.getUint16(p, true) << 16]).buffer)[0];
    }
    out.set(name, { shape: e.shape, values: v });
  }
  return out;
}
const sameBits = (a, b) => {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  // NaN payloads may differ after a float conversion; any NaN matches any NaN.
  return x.length === y.length && x.every((v, i) => v === y[i] || (Number.isNaN(a[i]) && Number.isNaN(b[i])));
};

/** 'refused' | 'identical' | a string saying what went wrong ('other'). */
async function outcome(config, weights) {
  const base = tf.memory().numTensors;
  const t0 = performance.now();
  let model;
  try {
    model = await AlbertModel.fromPretrained({ config, weights }, { onReport() {} });
  } catch (e) {
    if (tf.memory().numTensors !== base) return `leaked ${tf.memory().numTensors - base} tensors on refusal`;
    if (performance.now() - t0 > SLOW_MS)
      return `refused only after ${Math.round(performance.now() - t0)} ms`;
    return e instanceof AlbertError ? 'refused' : `untyped ${e?.name}: ${e?.message}`;
  }
  let result;
  try {
    result = check(model, weights, t0);
  } catch (e) {
    result = `after loading: ${e instanceof AlbertError ? 'AlbertError' : 'untyped'} ${e?.message}`;
  }
  model.dispose();
  if (tf.memory().numTensors !== base) return `leaked ${tf.memory().numTensors - base} tensors`;
  return result;
}

/** 'identical' when the loaded weights are the file's, bit for bit; else what differs. */
function check(model, weights, t0) {
  if (performance.now() - t0 > SLOW_MS) return `loaded only after ${Math.round(performance.now() - t0)} ms`;
  const want = expectedTensors(weights);
  const missing = new Set(model.loadReport.missingKeys);
  const sd = model.stateDict();
  try {
    for (const [name, t] of sd) {
      const file = want.get(`albert.${name}`) ?? want.get(name);
      if (!file) {
        if (!missing.has(name)) return `${name}: not in the file, not reported missing`;
        continue;
      }
      if (!sameBits(t.dataSync(), file.values)) return `${name}: loaded values differ from the file`;
    }
  } finally {
    for (const t of sd.values()) t.dispose();
  }
  // The forward's cost grows with depth by design (up to 4096 layer runs): only shallow cases run one.
  if (model.config.numHiddenLayers * model.config.innerGroupNum <= 64)
    tf.dispose(model.call({ inputIds: IDS }));
  return 'identical';
}

// ---- mutations ----
const u64 = (n) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
};
function assemble(header, lenDelta = 0, data = BYTES.subarray(8 + N), rawLen = null) {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const h = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + h.length + data.length);
  out.set(u64(rawLen ?? Math.max(0, h.length + lenDelta)), 0);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}
const HUGE = [2 ** 31, 2 ** 32, 2 ** 40, 2 ** 53, 2 ** 53 + 2, 1e15, 1e300, 3e7, 1e12];
const weird = fc.constantFrom(
  -1,
  -(2 ** 31),
  0,
  0.5,
  1.5,
  Number.MAX_SAFE_INTEGER,
  '3',
  null,
  true,
  [],
  {},
  ...HUGE,
);
const shapeEdit = fc.oneof(
  fc.array(fc.oneof(fc.integer({ min: 0, max: 600 }), weird), { maxLength: 4 }),
  fc.constantFrom([2 ** 40, 2 ** 40], [1e15, 1e15], [3e7, 16], [1e12, 16], [-512, 16], [512, -16]),
  weird,
);
const dtypeEdit = fc.constantFrom(
  'F16',
  'BF16',
  'F64',
  'I32',
  'I64',
  'U8',
  'BOOL',
  'F8_E4M3',
  'f32',
  'X',
  '',
  7,
  null,
);
const offsetsEdit = fc.oneof(
  fc.tuple(
    fc.oneof(fc.integer({ min: -8, max: 90_000 }), weird),
    fc.oneof(fc.integer({ min: -8, max: 90_000 }), weird),
  ),
  fc.constantFrom([0], [0, 1, 2], 'x', null, [2 ** 53, 2 ** 53 + 4], [1e300, 1e300]),
);
const headerEdit = fc.oneof(
  fc.record({ kind: fc.constant('shape'), i: fc.nat(NAMES.length - 1), v: shapeEdit }),
  fc.record({ kind: fc.constant('dtype'), i: fc.nat(NAMES.length - 1), v: dtypeEdit }),
  fc.record({ kind: fc.constant('offsets'), i: fc.nat(NAMES.length - 1), v: offsetsEdit }),
  fc.record({ kind: fc.constant('delete'), i: fc.nat(NAMES.length - 1) }),
  fc.record({ kind: fc.constant('rename'), i: fc.nat(NAMES.length - 1), v: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('entry'), i: fc.nat(NAMES.length - 1), v: fc.oneof(weird, fc.string()) }),
  fc.record({ kind: fc.constant('metadata'), v: fc.oneof(weird, fc.dictionary(fc.string(), weird)) }),
  fc.record({
    kind: fc.constant('add'),
    v: fc.record({ dtype: dtypeEdit, shape: shapeEdit, data_offsets: offsetsEdit }),
  }),
);
const safetensorsCase = fc.oneof(
  fc.record({ kind: fc.constant('truncate'), at: fc.nat(BYTES.length - 1) }),
  fc.record({
    kind: fc.constant('flip'),
    // Half the flips in the header (JSON and length), half anywhere.
    flips: fc.array(
      fc.tuple(fc.oneof(fc.nat(8 + N - 1), fc.nat(BYTES.length - 1)), fc.integer({ min: 1, max: 255 })),
      { minLength: 1, maxLength: 8 },
    ),
  }),
  fc.record({
    kind: fc.constant('header'),
    edits: fc.array(headerEdit, { minLength: 1, maxLength: 3 }),
    len: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: -16, max: 16 })),
    rawLen: fc.option(fc.constantFrom(0, 1, 7, 2 ** 32, 2 ** 53, 100_000_001), { freq: 8 }),
  }),
);
function buildSafetensors(c) {
  if (c.kind === 'truncate') return BYTES.slice(0, c.at);
  if (c.kind === 'flip') {
    const b = BYTES.slice();
    for (const [i, x] of c.flips) b[i] ^= x;
    return b;
  }
  const h = structuredClone(HEADER);
  for (const e of c.edits) {
    const name = NAMES[e.i];
    if (e.kind === 'metadata') h.__metadata__ = e.v;
    else if (e.kind === 'add') h[`extra.${Object.keys(h).length}`] = e.v;
    else if (!(name in h)) continue;
    else if (e.kind === 'delete') delete h[name];
    else if (e.kind === 'rename') {
      h[e.v] = h[name];
      if (e.v !== name) delete h[name];
    } else if (e.kind === 'entry') h[name] = e.v;
    else if (h[name] && typeof h[name] === 'object') {
      h[name] = { ...h[name], [{ shape: 'shape', dtype: 'dtype', offsets: 'data_offsets' }[e.kind]]: e.v };
    }
  }
  return assemble(h, c.len, undefined, c.rawLen);
}

const STRUCT = [
  'vocab_size',
  'embedding_size',
  'hidden_size',
  'num_hidden_layers',
  'num_hidden_groups',
  'inner_group_num',
  'intermediate_size',
  'num_attention_heads',
  'max_position_embeddings',
  'type_vocab_size',
  'num_labels',
];
const OTHER = [
  'hidden_act',
  'layer_norm_eps',
  'hidden_dropout_prob',
  'pad_token_id',
  'id2label',
  'model_type',
  'tie_word_embeddings',
  'position_embedding_type',
];
const configCase = fc.array(
  fc.record({
    key: fc.constantFrom(...STRUCT, ...STRUCT, ...OTHER),
    v: fc.oneof(weird, fc.integer({ min: -3, max: 1100 }), fc.double(), fc.string({ maxLength: 6 })),
  }),
  { minLength: 1, maxLength: 3 },
);

const results = [];
async function fuzz(label, arb, build, ms) {
  const counts = { label, cases: 0, refused: 0, identical: 0, other: 0, firstOther: null };
  const t0 = performance.now();
  try {
    await fc.assert(
      fc.asyncProperty(arb, async (c) => {
        const [config, weights] = build(c);
        if (process.env.FUZZ_DEBUG) process.stderr.write(`${label} ${JSON.stringify(c).slice(0, 300)}\n`);
        const r = await outcome(config, weights);
        counts.cases++;
        if (r === 'refused') counts.refused++;
        else if (r === 'identical') counts.identical++;
        else {
          counts.other++;
          counts.firstOther ??= { case: c, problem: r };
          return false;
        }
        return true;
      }),
      {
        seed,
        numRuns: 1e9,
        interruptAfterTimeLimit: Number(ms),
        markInterruptAsFailure: false,
        endOnFailure: true,
      },
    );
  } catch (e) {
    // fast-check's report of the (shrunk) failing case; the counts already hold the first one.
    counts.report = String(e.message).slice(0, 2000);
  }
  counts.seconds = Math.round((performance.now() - t0) / 100) / 10;
  results.push(counts);
}

await fuzz('safetensors', safetensorsCase, (c) => [CONFIG, buildSafetensors(c)], stMs);
await fuzz(
  'config.json',
  configCase,
  (edits) => {
    const cfg = { ...CONFIG };
    for (const { key, v } of edits) cfg[key] = v;
    return [cfg, BYTES];
  },
  cfgMs,
);
for (const r of results) process.stdout.write(`${JSON.stringify(r)}\n`);
