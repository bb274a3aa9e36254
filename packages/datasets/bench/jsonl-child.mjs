// One measurement in a fresh process: reads the JSONL file and prints {records, seconds, maxRssMb}.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readJsonl } from '../dist/node.js';

const [reader, file] = process.argv.slice(2);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss());
}, 20);
const t0 = performance.now();
let records = 0;
let checksum = 0;
if (reader === 'readJsonl') {
  for await (const record of readJsonl(file)) {
    records++;
    checksum += record.label;
  }
} else {
  const lines = createInterface({
    input: createReadStream(file, { highWaterMark: 1 << 20 }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    if (line.length === 0) continue;
    const record = JSON.parse(line);
    records++;
    checksum += record.label;
  }
}
const seconds = (performance.now() - t0) / 1000;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage.rss());
const maxRssMb = Math.max(peak, process.resourceUsage().maxRSS * 1024) / 1e6;
process.stdout.write(JSON.stringify({ reader, records, checksum, seconds, maxRssMb }));
