// Streams a generated 1 GB JSONL file through readJsonl and, as the peer, through node:readline +
// JSON.parse; each reader runs in its own child process so that its peak RSS is its own.
// Run under the bench lock:  flock /tmp/albert-bench.lock pnpm --filter @albert-ts/datasets bench
// Env: BENCH_JSONL_MB (default 1024), BENCH_RUNS (default 3: median of runs).
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const targetMb = Number(process.env.BENCH_JSONL_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'albert-jsonl-bench-'));
const file = join(dir, 'big.jsonl');

const WORDS =
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they you were her she there had'.split(
    ' ',
  );

async function generate() {
  const out = createWriteStream(file, { highWaterMark: 1 << 22 });
  let seed = 12345;
  const rand = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296;
  };
  const target = targetMb * 1024 * 1024;
  let written = 0;
  let id = 0;
  while (written < target) {
    const lines = [];
    for (let i = 0; i < 2000; i++) {
      const n = 20 + Math.floor(rand() * 40);
      const words = [];
      for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
      lines.push(
        JSON.stringify({
          id: id++,
          text: words.join(' '),
          label: id % 3,
          score: Math.round(rand() * 1000) / 1000,
          tags: ['a', 'b'],
        }),
      );
    }
    const chunk = `${lines.join('\n')}\n`;
    written += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: statSync(file).size, records: id };
}

function measure(reader) {
  const stdout = execFileSync(process.execPath, [join(here, 'jsonl-child.mjs'), reader, file], {
    encoding: 'utf8',
  });
  return JSON.parse(stdout);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const t0 = performance.now();
  const generated = await generate();
  const generateSeconds = (performance.now() - t0) / 1000;
  console.log(
    `generated ${(generated.bytes / 2 ** 20).toFixed(0)} MiB, ${generated.records} records in ${generateSeconds.toFixed(1)} s`,
  );
  // Runs alternate between the readers so that both see the same machine load.
  const readers = ['readJsonl', 'readline+JSON.parse'];
  const samples = Object.fromEntries(readers.map((r) => [r, []]));
  for (let run = 0; run < runs; run++) {
    for (const reader of readers) {
      const s = measure(reader);
      if (s.records !== generated.records)
        throw new Error(`${reader} read ${s.records} records, expected ${generated.records}`);
      samples[reader].push(s);
      console.log(
        `${reader} run ${run + 1}: ${s.seconds.toFixed(2)} s, peak RSS ${s.maxRssMb.toFixed(0)} MB`,
      );
    }
  }
  const results = {};
  for (const reader of readers) {
    const seconds = median(samples[reader].map((s) => s.seconds));
    results[reader] = {
      medianSeconds: seconds,
      recordsPerSecond: Math.round(generated.records / seconds),
      mbPerSecond: generated.bytes / 2 ** 20 / seconds,
      peakRssMb: Math.max(...samples[reader].map((s) => s.maxRssMb)),
      runs: samples[reader],
    };
  }
  const ours = results.readJsonl;
  const peer = results['readline+JSON.parse'];
  const result = {
    benchmark: 'jsonl-stream',
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    loadAverageAtEnd: loadavg(),
    file: { bytes: generated.bytes, records: generated.records },
    runs,
    generateSeconds,
    results,
    speedRatioVsReadline: peer.medianSeconds / ours.medianSeconds,
    rssLimitMb: 200,
    withinRssLimit: ours.peakRssMb < 200,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'jsonl-stream.json'), `${JSON.stringify(result, null, 2)}\n`);
  const row = (name, r) =>
    `| ${name} | ${r.medianSeconds.toFixed(2)} | ${Math.round(r.recordsPerSecond).toLocaleString('en-US')} | ${r.mbPerSecond.toFixed(0)} | ${r.peakRssMb.toFixed(0)} |`;
  console.log(
    [
      '',
      `| reader (${(generated.bytes / 2 ** 30).toFixed(2)} GiB, ${generated.records.toLocaleString('en-US')} records) | median s | records/s | MiB/s | peak RSS MB |`,
      '| --- | ---: | ---: | ---: | ---: |',
      row('`readJsonl` (this package)', ours),
      row('node:readline + JSON.parse (peer)', peer),
      '',
      `speed ratio readline/readJsonl time: ${result.speedRatioVsReadline.toFixed(2)}; RSS under 200 MB: ${result.withinRssLimit}`,
    ].join('\n'),
  );
  if (!result.withinRssLimit) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
