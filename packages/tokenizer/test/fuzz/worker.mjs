// Child process of the fuzz suites (hostile-input.test.ts): runs a slice of cases against the
// built package (dist/) and prints one JSON line per finished case, so the parent can bound the
// time of each slice and name the case that hung. Modes:
//   mutants <model> <plan> <from> <to>   load mutant i of the plan, compare with the original
//   strings <model> <seed> <runs>        arbitrary Unicode text through every encode entry point
//   scaling <model> <n>                  time of each entry point on runs of each script, n and 4n
//   rss                                  RSS before / after one 20 MB encode and 1,000 small ones
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { AlbertTokenizer, SentencePieceProcessor, TokenizerError } from '../../dist/index.js';
import { mutantPlan, mutate, TEST_STRINGS } from './mutants.mjs';
import { SCRIPTS, scriptRun } from './scripts.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = process.env.ALBERT_FIXTURES ?? join(here, '../../../../../shared/fixtures');
const modelBytes = (name) => new Uint8Array(readFileSync(join(fixtures, 'tokenizer', name)));
const emit = (o) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Everything a model does with the test strings, as one comparable string. */
function fingerprint(sp) {
  const tok = new AlbertTokenizer(sp);
  const out = [];
  for (const t of TEST_STRINGS) {
    const e = sp.encode(t);
    out.push(e.ids, e.pieces, e.offsets, sp.normalize(t), sp.decodeIds(e.ids), tok.encode(t).inputIds);
  }
  return JSON.stringify(out);
}

function mutants(model, plan, from, to) {
  const bytes = modelBytes(model);
  const want = fingerprint(SentencePieceProcessor.fromBytes(bytes));
  const cases = mutantPlan(bytes, plan);
  for (let i = from; i < Math.min(to, cases.length); i++) {
    const c = cases[i];
    const t0 = performance.now();
    let outcome;
    let code;
    let why;
    let sp = null;
    try {
      sp = SentencePieceProcessor.fromBytes(mutate(bytes, c));
    } catch (e) {
      if (e instanceof TokenizerError) {
        outcome = 'refused';
        code = e.code;
        why = e.detail?.part ?? e.message.slice(0, 80);
      } else {
        outcome = 'crash';
        why = String(e?.stack ?? e).slice(0, 300);
      }
    }
    if (sp) {
      try {
        outcome = fingerprint(sp) === want ? 'identical' : 'silent';
      } catch (e) {
        outcome = 'crash';
        why = `encoding: ${String(e?.stack ?? e).slice(0, 300)}`;
      }
    }
    emit({ i, kind: c.kind, desc: c.desc, outcome, code, why, ms: Math.round(performance.now() - t0) });
  }
}

/** sentencepiece's decoded form of a normalised string: no dummy prefix, U+2581 as a space. */
const denormalized = (n) => (n.startsWith('\u2581') ? n.slice(1) : n).replaceAll('\u2581', ' ');

function strings(model, seed, runs) {
  const sp = SentencePieceProcessor.fromBytes(modelBytes(model));
  const tok = new AlbertTokenizer(sp);
  const V = sp.vocabSize;
  const arb = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc.string({ unit: 'binary', maxLength: 200 }),
    fc.string({
      unit: fc.constantFrom('a', ' ', '\u2581', '[MASK]', '9,', '\u0301', '\ud800', '\t'),
      maxLength: 60,
    }),
    fc.string({ unit: 'binary', minLength: 2000, maxLength: 20000 }),
  );
  let i = 0;
  fc.assert(
    fc.property(arb, (x) => {
      const t0 = performance.now();
      const e = sp.encode(x);
      const problems = [];
      if (e.ids.some((id) => !Number.isInteger(id) || id < 0 || id >= V)) problems.push('id out of range');
      if (JSON.stringify(sp.encodeAsIds(x)) !== JSON.stringify(e.ids)) problems.push('encodeAsIds != encode');
      let last = [0, 0];
      for (const [s, t] of e.offsets) {
        if (!(s >= last[0] && t >= last[1] && s <= t && t <= x.length)) problems.push(`offsets ${s},${t}`);
        last = [s, t];
      }
      // Round trip: the pieces decode to the normalised text (sentencepiece's invariant).
      if (sp.decodePieces(e.pieces) !== denormalized(sp.normalize(x))) problems.push('decode(encode(x))');
      const enc = tok.encode(x, x.slice(0, 7), { returnOffsets: true, truncation: false });
      if (enc.inputIds.some((id) => id < 0 || id >= V)) problems.push('albert id out of range');
      tok.decode(enc.inputIds);
      const ms = performance.now() - t0;
      // Linear work on at most 20k chars: far below a second even on a loaded machine.
      if (ms > 2000) problems.push(`took ${ms.toFixed(0)} ms for ${x.length} chars`);
      emit({ i: i++, len: x.length, ms: Math.round(ms), problems });
      return problems.length === 0;
    }),
    { seed, numRuns: runs, endOnFailure: true },
  );
}

function scaling(model, n) {
  const sp = SentencePieceProcessor.fromBytes(modelBytes(model));
  const tok = new AlbertTokenizer(sp);
  const apis = {
    encodeAsIds: (t) => sp.encodeAsIds(t),
    encodeAsPieces: (t) => sp.encodeAsPieces(t),
    encode: (t) => sp.encode(t),
    normalize: (t) => sp.normalize(t),
    decodeIds: (t) => sp.decodeIds(sp.encodeAsIds(t)),
    tokenize: (t) => tok.tokenizeWithOffsets(t),
    albertEncode: (t) => tok.encode(t, null, { returnOffsets: true, truncation: false }),
    encodeBatch: (t) => tok.encodeBatch([t, [t, 'x']], { truncation: false }),
    albertDecode: (t) => tok.decode(tok.encode(t, null, { truncation: false }).inputIds),
  };
  // The columnar batch API, where this build has it.
  if (typeof tok.batch === 'function') apis.batch = (t) => tok.batch([t, 'x'], { truncation: false });
  const time = (f, t) => {
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < 2; r++) {
      const t0 = performance.now();
      f(t);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  for (const script of Object.keys(SCRIPTS)) {
    const small = scriptRun(script, n, 1);
    const big = scriptRun(script, 4 * n, 2);
    for (const [api, f] of Object.entries(apis)) {
      f(small); // warm up
      emit({ script, api, n, small: time(f, small), big: time(f, big) });
    }
  }
}

function rss() {
  const sp = SentencePieceProcessor.fromBytes(modelBytes('albert-en-30k-reconstructed.model'));
  const tok = new AlbertTokenizer(sp);
  const small = ['Hello, my dog is cute.', '今日は良い天気です', 'a'.repeat(100)];
  const settle = () => {
    for (let k = 0; k < 3; k++) globalThis.gc();
    const m = process.memoryUsage();
    return { rss: m.rss, arrayBuffers: m.arrayBuffers };
  };
  for (const t of small) {
    sp.encode(t);
    tok.encode(t);
  }
  const before = settle();
  // 20 MB of UTF-8: unspaced CJK (3 bytes a character), the worst case for the buffers.
  let big = scriptRun('cjk', 20e6 / 3, 3);
  const t0 = performance.now();
  const n = sp.encode(big).ids.length;
  const bigMs = performance.now() - t0;
  const peak = process.memoryUsage();
  big = null;
  for (let k = 0; k < 1000; k++) {
    sp.encode(small[k % 3]);
    tok.encode(small[k % 3]);
  }
  const after = settle();
  emit({ before, peak: { rss: peak.rss, arrayBuffers: peak.arrayBuffers }, after, bigMs, pieces: n });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'mutants') mutants(args[0], args[1], Number(args[2]), Number(args[3]));
else if (mode === 'strings') strings(args[0], Number(args[1]), Number(args[2]));
else if (mode === 'scaling') scaling(args[0], Number(args[1]));
else if (mode === 'rss') rss();
else throw new Error(`unknown mode ${mode}`);
