// One measurement for bench/streaming.mjs, in its own process (run with --max-old-space-size):
// streams a corpus file through TFRecord export or the pretraining batch stream and prints JSON
// with peak RSS (VmHWM), peak heap, time and counts.
//   node --max-old-space-size=64 bench/streaming-one.mjs <export|whole|batches> <corpus.txt> <tokenizer.model> [out.tfrecord]
import { readFileSync, rmSync, statSync } from 'node:fs';
import { AlbertTokenizer } from '@albert-ts/tokenizer';
import { pretrainingDataset } from '../dist/index.js';
import { readDocuments, shardPaths, writePretrainingTFRecords } from '../dist/node.js';

const [mode, corpus, model, out] = process.argv.slice(2);
// documentBufferSize bounds the documents (and one round of their instances) held at once.
const DATA_OPTIONS = {
  maxSeqLength: 128,
  maxPredictionsPerSeq: 20,
  dupeFactor: 1,
  randomSeed: 12345,
  documentBufferSize: Number(process.env.DOC_BUFFER ?? 200),
};

/** VmHWM / VmRSS from /proc (kB → MB): the kernel's own peak of resident memory. */
function procMb(field) {
  const m = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

// Sampled alongside VmHWM: the heap (what --max-old-space-size caps) and RSS at quarter points,
// to show memory staying flat through the run rather than just its maximum.
let peakHeap = 0;
const sampler = setInterval(() => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}, 200);

const tok = await AlbertTokenizer.fromFile(readFileSync(model));
const rssAfterLoad = procMb('VmRSS');
const bytes = statSync(corpus).size;
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let instances = 0;
let outBytes = 0;
const rssTrace = [];
if (mode === 'export' || mode === 'whole') {
  const output = shardPaths(out, 2);
  const r = await writePretrainingTFRecords(readDocuments(corpus), tok, {
    ...DATA_OPTIONS,
    // 'whole': every document in one buffer, as the reference holds its corpus (the peer of 'export').
    ...(mode === 'whole' ? { documentBufferSize: Number.MAX_SAFE_INTEGER } : {}),
    output,
    progressEvery: 20_000,
    onProgress: (p) => rssTrace.push([p.records, Math.round(procMb('VmRSS'))]),
  });
  instances = r.records;
  outBytes = r.bytes;
  for (const p of output) rmSync(p, { force: true });
} else if (mode === 'batches') {
  const ds = pretrainingDataset(() => readDocuments(corpus), tok, { ...DATA_OPTIONS, batchSize: 8 });
  for await (const b of ds.batches(0)) {
    instances += b.inputIds.length;
    if (instances % 20_000 === 0) rssTrace.push([instances, Math.round(procMb('VmRSS'))]);
  }
} else {
  throw new Error(`mode: expected export | whole | batches, found ${mode}`);
}
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
const cpu = process.cpuUsage(cpu0);
console.log(
  JSON.stringify({
    mode,
    corpus_bytes: bytes,
    instances,
    output_bytes: outBytes,
    seconds,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    mb_per_s: bytes / 1e6 / seconds,
    instances_per_s: instances / seconds,
    peak_rss_mb: procMb('VmHWM'),
    rss_after_tokenizer_load_mb: rssAfterLoad,
    peak_heap_mb: peakHeap / 2 ** 20,
    rss_trace: rssTrace,
  }),
);
