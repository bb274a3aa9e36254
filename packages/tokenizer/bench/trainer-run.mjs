// One training run for bench/trainer.mjs: trains on a text file (one sentence per line) with the
// settings of the spm_train command it is compared to, writes the model, prints stats as JSON.
// Usage: node bench/trainer-run.mjs <input.txt> <out.model> <vocabSize>
import { readFileSync, writeFileSync } from 'node:fs';
import { trainUnigram } from '../dist/index.js';

const [input, output, vocab] = process.argv.slice(2);
const t0 = performance.now();
const lines = readFileSync(input, 'utf8').split('\n');
const { model, stats } = await trainUnigram(lines, { vocabSize: Number(vocab), characterCoverage: 1 });
writeFileSync(output, model);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, stats })}\n`);
