// One measured process: node bench/worker.mjs <ours|peer> <model> <corpus file> <runs> [ids-out]
// Loads the model (timed), encodes every line of the corpus `runs` times (each pass timed), and
// prints JSON with the wall and CPU timings, the token count and the process's peak RSS. With ids-out, writes
// the ids of every line (one line each, space separated) after the timed passes.
import { readFileSync, writeFileSync } from 'node:fs';

const [tool, modelPath, corpusPath, runsArg, idsOut] = process.argv.slice(2);
const runs = Number(runsArg);
const lines = readFileSync(corpusPath, 'utf8').split('\n');
if (lines[lines.length - 1] === '') lines.pop();
const modelBytes = new Uint8Array(readFileSync(modelPath));

// Library imports are not part of either tool's model load time.
const ours = tool === 'ours' ? await import('../dist/index.js') : null;
const peer = tool === 'peer' ? await import('@huggingface/tokenizers') : null;
const { tokenizerJsonFromModel } = await import('./peer-tokenizer-json.mjs');
if (!ours && !peer) throw new Error(`unknown tool ${tool}`);
// The peer reads a tokenizer.json; making it from the .model is an offline step, not timed.
const peerJson = peer ? JSON.stringify(tokenizerJsonFromModel(modelBytes)) : null;
// Memory held: heap + array buffers after a full GC (run with --expose-gc), before and after load.
const held = () => {
  globalThis.gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 2 ** 20;
};
const heldBefore = held();
const rssBefore = process.memoryUsage().rss;

let encode;
const c0 = process.cpuUsage();
const t0 = performance.now();
if (ours) {
  const sp = ours.SentencePieceProcessor.fromBytes(modelBytes);
  encode = (s) => sp.encodeAsIds(s);
} else {
  const tok = new peer.Tokenizer(JSON.parse(peerJson), {});
  encode = (s) => tok.encode(s, { add_special_tokens: false }).ids;
}
const loadMs = performance.now() - t0;
const cu = process.cpuUsage(c0);
const loadCpuMs = (cu.user + cu.system) / 1000;
const rssAfterLoad = process.memoryUsage().rss;
const heldByModelMB = held() - heldBefore;

const runMs = [];
const cpuMs = [];
let tokens = 0;
for (let r = 0; r < runs; r++) {
  tokens = 0;
  const c = process.cpuUsage();
  const t = performance.now();
  for (const line of lines) tokens += encode(line).length;
  runMs.push(performance.now() - t);
  const u = process.cpuUsage(c);
  cpuMs.push((u.user + u.system) / 1000);
}
if (idsOut) writeFileSync(idsOut, lines.map((l) => encode(l).join(' ')).join('\n') + '\n');
console.log(
  JSON.stringify({
    tool,
    loadMs,
    loadCpuMs,
    runMs,
    cpuMs,
    tokens,
    lines: lines.length,
    heldByModelMB,
    rssBeforeLoadMB: rssBefore / 2 ** 20,
    rssAfterLoadMB: rssAfterLoad / 2 ** 20,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
  }),
);
