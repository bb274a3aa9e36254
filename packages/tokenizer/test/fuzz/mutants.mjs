// Mutants of a .model file: truncations at every 1 % (4 % in CI) and at random points, random
// byte replacements, single bit flips, several bytes at once, and damage inside the precompiled
// charsmap (its trie size field, trie units, string table). Deterministic: case i of a plan is
// the same on every run.
import { decodeModelProto } from '../../dist/index.js';

/** The strings a mutant's output is compared on: prose, punctuation, charsmap rules, scripts. */
export const TEST_STRINGS = [
  'Hello, my dog is cute.',
  'The capital of France is [MASK]. It costs £1,000,000 – or €12.50 (approx.)',
  'Ein Fräulein aß Käse und Brötchen; Straße über München.',
  '"Quotes" and ``latex\'\' quotes, dashes—and…ellipses',
  'ﬁne ligatures, ½ fractions, ２０２４ fullwidth, Ⅻ numerals, ㎒ units, ℡ tel',
  'café naïve résumé Ångström İstanbul ΣΑΣ σας',
  'tabs\tand\nnewlines\r\n  and   spaces\u00a0nbsp\u3000ideographic',
  '日本語のテキストと中文文本，한국어 텍스트',
  'مرحبا بالعالم हिन्दी पाठ עברית',
  '😀 emoji 👍🏽 flags 🇩🇪 zwj 👩‍👩‍👧',
  'aGVsbG8gd29ybGQ=QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0MTIzNDU2Nzg5Kw==',
  'x\u0000y\u0007z\u001bw\u007f\u0085\u200b\u200d\ufeff\ufffd\ud800',
  'The quick brown fox jumps over the lazy dog 0123456789 times in 1999, 2000 and 2024.',
];

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function charsmapRange(bytes) {
  const blob = decodeModelProto(bytes).normalizerSpec.precompiledCharsmap;
  const at = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).indexOf(
    Buffer.from(blob.subarray(0, 256)),
  );
  const trieSize = new DataView(blob.buffer, blob.byteOffset).getUint32(0, true);
  return { at, length: blob.length, trieEnd: at + 4 + trieSize };
}

const PLANS = {
  // ~190 cases per model: what CI runs.
  ci: { cutStep: 4, randomCuts: 15, bytes: 60, bits: 20, multi: 10, sizeField: 5, trie: 45, table: 30 },
  // 1,100 cases per model: ALBERT_FUZZ=full.
  full: {
    cutStep: 1,
    randomCuts: 100,
    bytes: 400,
    bits: 100,
    multi: 100,
    sizeField: 20,
    trie: 180,
    table: 100,
  },
};

export function mutantPlan(bytes, plan) {
  const p = PLANS[plan];
  if (!p) throw new Error(`unknown plan ${plan}`);
  const r = rng(bytes.length * 31 + plan.length);
  const n = bytes.length;
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo));
  const newByte = (old) => (old + 1 + int(0, 255)) & 0xff;
  const cm = charsmapRange(bytes);
  const cases = [];
  for (let k = 0; k < 100; k += p.cutStep) {
    const cut = Math.floor((n * k) / 100);
    cases.push({ kind: 'truncate', cut, desc: `cut at ${cut} (${k} %)` });
  }
  for (let k = 0; k < p.randomCuts; k++) {
    const cut = int(0, n);
    cases.push({ kind: 'truncate', cut, desc: `cut at ${cut}` });
  }
  const flip = (kind, lo, hi, count, how) => {
    for (let k = 0; k < count; k++) {
      const edits = [];
      const m = kind === 'multi' ? int(2, 5) : 1;
      for (let j = 0; j < m; j++) {
        const pos = int(lo, hi);
        const value = how === 'bit' ? bytes[pos] ^ (1 << int(0, 8)) : newByte(bytes[pos]);
        edits.push([pos, value]);
      }
      cases.push({ kind, edits, desc: edits.map(([q, v]) => `${q}: ${bytes[q]} -> ${v}`).join(', ') });
    }
  };
  flip('byte', 0, n, p.bytes, 'byte');
  flip('bit', 0, n, p.bits, 'bit');
  flip('multi', 0, n, p.multi, 'byte');
  flip('charsmap-size', cm.at, cm.at + 4, p.sizeField, 'byte');
  flip('charsmap-trie', cm.at + 4, cm.trieEnd, p.trie, 'byte');
  flip('charsmap-table', cm.trieEnd, cm.at + cm.length, p.table, 'byte');
  return cases;
}

export function mutate(bytes, c) {
  if (c.kind === 'truncate') return bytes.slice(0, c.cut);
  const out = bytes.slice();
  for (const [pos, value] of c.edits) out[pos] = value;
  return out;
}
