// Renders bench/results/streaming.json as the "Issue 15: streaming corpora" section of the
// repository's BENCHMARKS.md (only the text between its <!-- section:streaming --> markers is
// replaced; the section is appended when missing).
//   node bench/streaming-report.mjs [--print]
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { here, resultsDir } from './common.mjs';

const r = JSON.parse(readFileSync(join(resultsDir, 'streaming.json'), 'utf8'));
const mib = (b) => b / 2 ** 20;
const f = (x, d = 1) => x.toFixed(d);
const lines = [
  `### Issue 15: streaming corpora (${r.started.slice(0, 10)}, ${r.started.slice(11, 16)}–${r.finished.slice(11, 16)} UTC)`,
  '',
  `\`node packages/training/bench/streaming.mjs\` under \`flock /tmp/albert-bench.lock\`, ${r.cpu} (${r.cores} cores, shared:`,
  `load average ${r.loadavg_end.join(' / ')} at the end from other jobs, so wall-clock rates are depressed; CPU-time rates`,
  `are the fairer figure), Node ${r.node}. Each run is its own process with \`--max-old-space-size=${r.heap_cap_mb}\` (the memory`,
  `cap: V8's heap); corpora are ${r.corpus_unit_mib} MiB × 1, 2, 4 of Brown-corpus text (documents reshuffled each pass,`,
  'reference format: a sentence per line, blank line between documents), streamed from disk by `readDocuments`.',
  `Tokenizer ${r.tokenizer} (\`AlbertTokenizer\`, ALBERT preprocessing), maxSeqLength ${r.data_options.maxSeqLength},`,
  `maxPredictionsPerSeq ${r.data_options.maxPredictionsPerSeq}, dupeFactor ${r.data_options.dupeFactor}, documentBufferSize ${r.document_buffer_size}.`,
  '"export" = `writePretrainingTFRecords` to 2 shards; "batches" = `pretrainingDataset(...).batches(0)`, batch 8.',
  "Peak RSS = the kernel's VmHWM of the whole process (Node, the 30k tokenizer, buffers); peak heap sampled every 200 ms.",
  'Rates exclude the tokenizer load.',
  '',
  '| run | corpus MiB | × heap cap | instances | TFRecord MB | wall s | CPU s | MB/s wall | MB/s CPU | instances/s wall | peak RSS MB | vs 1× | peak heap MB |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
const byMode = new Map();
for (const x of r.results) byMode.set(x.mode, [...(byMode.get(x.mode) ?? []), x]);
const verdicts = [];
for (const [mode, runs] of byMode) {
  runs.sort((a, b) => a.corpus_x_cap - b.corpus_x_cap);
  const base = runs.find((x) => x.corpus_x_cap === 1);
  for (const x of runs) {
    if (x.failed) {
      const what = mode === 'whole' ? 'whole (peer: every document held, as the reference)' : mode;
      lines.push(
        `| ${what} | ${f(mib(x.corpus_bytes), 0)} | ${x.corpus_x_cap} | failed after ${f(x.seconds, 0)} s: ${x.failed} | | | | | | | | | |`,
      );
      continue;
    }
    const vs = base ? `${f(x.peak_rss_mb / base.peak_rss_mb, 2)}×` : '—';
    lines.push(
      `| ${mode} | ${f(mib(x.corpus_bytes), 0)} | ${x.corpus_x_cap} | ${x.instances.toLocaleString('en-US')} | ${x.output_bytes ? f(x.output_bytes / 1e6, 0) : '—'} | ${f(x.seconds, 0)} | ${f(x.cpu_seconds, 0)} | ${f(x.mb_per_s, 2)} | ${f(x.corpus_bytes / 1e6 / x.cpu_seconds, 2)} | ${Math.round(x.instances_per_s)} | ${f(x.peak_rss_mb)} | ${vs} | ${f(x.peak_heap_mb)} |`,
    );
  }
  const big = runs.filter((x) => !x.failed).at(-1);
  if (base && !base.failed && big && big !== base) {
    const growth = big.peak_rss_mb / base.peak_rss_mb - 1;
    verdicts.push(
      `- ${mode}: peak RSS ${f(base.peak_rss_mb)} MB at 1× → ${f(big.peak_rss_mb)} MB at ${big.corpus_x_cap}× (${growth >= 0 ? '+' : ''}${f(growth * 100)} %; target within 20 %: ${Math.abs(growth) <= 0.2 ? 'met' : 'NOT met'}); the ${big.corpus_x_cap}× corpus is ${f(big.corpus_bytes / 2 ** 20 / big.peak_rss_mb, 1)}× the process's peak RSS.`,
    );
  }
}
lines.push(
  '',
  ...verdicts,
  `- Of the peak RSS, ≈ ${f(r.results.find((x) => x.rss_after_tokenizer_load_mb)?.rss_after_tokenizer_load_mb ?? 0, 0)} MB is there before any text is read (Node + the loaded 30k tokenizer). The`,
  '  "whole" peer runs the same export with every document in one buffer (the reference\'s algorithm, which holds its',
  '  corpus); under the same cap it cannot finish even the 1× corpus, so these corpora are larger than the memory the',
  '  process has. dupeFactor 1 keeps the runs short; a higher dupeFactor multiplies work, not memory (one round at a time).',
  '- RSS is flat because nothing grows with the corpus: `readDocuments` reads line by line, `createPretrainingExamples` holds',
  '  one buffer of documents and one dupe round of their instances, and the shard writer flushes every ~1 MiB. The',
  '  reference create_pretraining_data.py holds every document and every instance (all dupe rounds) before writing.',
  '- Machine-readable: `packages/training/bench/results/streaming.json`.',
);

const section = `<!-- section:streaming -->\n${lines.join('\n')}\n<!-- /section:streaming -->`;
if (process.argv.includes('--print')) {
  console.log(section);
} else {
  const path = join(here, '..', '..', '..', 'BENCHMARKS.md');
  const md = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const re = /<!-- section:streaming -->[\s\S]*?<!-- \/section:streaming -->/;
  writeFileSync(path, re.test(md) ? md.replace(re, section) : `${md.trimEnd()}\n\n${section}\n`);
  console.log(`updated ${path}`);
}
