// Long runs of one Unicode script with no spaces, for the linear-time checks: text a model knows
// (Latin letters, base64), text it mostly does not (CJK, Arabic, Devanagari, emoji, Linear B:
// runs of unknown pieces, which are merged into one piece), and a mix.
const ranges = {
  cjk: [[0x4e00, 0x9fff]],
  latin: [
    [0x61, 0x7a],
    [0x41, 0x5a],
  ],
  arabic: [[0x0621, 0x064a]],
  devanagari: [
    [0x0905, 0x0939],
    [0x093e, 0x094c],
  ],
  emoji: [
    [0x1f600, 0x1f64f],
    [0x1f300, 0x1f5ff],
  ],
  base64: [
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0x30, 0x39],
    [0x2b, 0x2b],
    [0x2f, 0x2f],
  ],
  unknown: [[0x10000, 0x1005d]],
};
export const SCRIPTS = { ...ranges, mixed: null };

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

/** `n` UTF-16 code units (about) of `script`, deterministic in `seed`. */
export function scriptRun(script, n, seed) {
  const r = rng(seed * 7919 + script.length);
  const names = Object.keys(ranges);
  const parts = [];
  let len = 0;
  while (len < n) {
    const s = script === 'mixed' ? names[Math.floor(r() * names.length)] : script;
    const rs = ranges[s];
    const run = script === 'mixed' ? 1 + Math.floor(r() * 40) : 4096;
    for (let k = 0; k < run && len < n; k++) {
      const [lo, hi] = rs[Math.floor(r() * rs.length)];
      const ch = String.fromCodePoint(lo + Math.floor(r() * (hi - lo + 1)));
      parts.push(ch);
      len += ch.length;
    }
  }
  return parts.join('');
}
