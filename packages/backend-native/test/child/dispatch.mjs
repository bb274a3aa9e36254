// Child of cpu-dispatch.test.ts: loads the addon under the ALBERT_CPU of its environment and
// prints, as one JSON line, the addon's info and the worst GEMM error against a float64
// reference on shapes that hit every edge of the packed GEMM, plus outputs of the row kernels
// (compared across paths by the parent).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const addon = require(process.argv[2]);
const { GemmArg, LayerNormArg, SoftmaxArg } = await import(
  new URL('../../dist/kernels/args.js', import.meta.url).href
);

let seed = 12345;
const rnd = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296 - 0.5;
};

const heap = new Uint8Array(64 << 20);
const f32 = new Float32Array(heap.buffer);

function gemmCase(batch, M, N, K, tA, tB, biasMode) {
  const a = batch * M * K,
    b = batch * K * N,
    c = batch * M * N;
  const aOff = 0,
    bOff = a,
    cOff = a + b,
    biasOff = a + b + c;
  for (let i = 0; i < a + b; i++) f32[i] = rnd();
  for (let i = 0; i < c; i++) f32[cOff + i] = Number.NaN; // the output must be fully written
  for (let j = 0; j < N; j++) f32[biasOff + j] = rnd();
  const G = GemmArg;
  const p = new Float64Array(G.count);
  const set = { a: aOff * 4, b: bOff * 4, c: cOff * 4, batch, m: M, n: N, k: K, transA: tA, transB: tB };
  for (const [name, v] of Object.entries(set)) p[G[name]] = v;
  p[G.aStride] = M * K;
  p[G.bStride] = K * N;
  p[G.aCount] = batch;
  p[G.bCount] = batch;
  p[G.bias] = biasOff * 4;
  p[G.biasMode] = biasMode; // 1: a vector over N
  addon.gemm(heap, p);
  let worst = 0;
  for (let q = 0; q < batch; q++) {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = biasMode ? f32[biasOff + j] : 0;
        let mag = Math.abs(s);
        for (let k = 0; k < K; k++) {
          const av = tA ? f32[aOff + q * M * K + k * M + i] : f32[aOff + q * M * K + i * K + k];
          const bv = tB ? f32[bOff + q * K * N + j * K + k] : f32[bOff + q * K * N + k * N + j];
          s += av * bv;
          mag += Math.abs(av * bv);
        }
        const got = f32[cOff + q * M * N + i * N + j];
        const err = Math.abs(got - s) / (mag + 1e-30);
        worst = Number.isNaN(got) ? Number.POSITIVE_INFINITY : Math.max(worst, err);
      }
    }
  }
  return worst;
}

const dims = [1, 3, 7, 13, 17, 33, 70];
let gemmWorst = 0;
let cases = 0;
for (const M of dims)
  for (const N of [1, 5, 16, 31, 33, 65])
    for (const K of [1, 9, 64, 130])
      for (const tA of [0, 1])
        for (const tB of [0, 1]) {
          gemmWorst = Math.max(gemmWorst, gemmCase(M % 2 ? 1 : 2, M, N, K, tA, tB, (M + N) % 2));
          cases++;
        }
// Shapes past one cache block in every direction (k blocks, n blocks, m blocks).
for (const [M, N, K] of [
  [1600, 40, 9],
  [37, 700, 1100],
  [20, 4100, 24],
]) {
  gemmWorst = Math.max(gemmWorst, gemmCase(1, M, N, K, 0, 1, 1), gemmCase(1, M, N, K, 1, 0, 0));
  cases += 2;
}

// Row kernels: layerNorm and softmax over rows of odd widths.
const rows = 9,
  cols = 771;
for (let i = 0; i < rows * cols + 2 * cols; i++) f32[i] = rnd() * 8;
const x = 0,
  g = rows * cols,
  bta = g + cols,
  y = bta + cols,
  y2 = y + rows * cols;
const ln = new Float64Array(LayerNormArg.count);
ln[LayerNormArg.x] = x * 4;
ln[LayerNormArg.gamma] = g * 4;
ln[LayerNormArg.beta] = bta * 4;
ln[LayerNormArg.y] = y * 4;
ln[LayerNormArg.mean] = -1;
ln[LayerNormArg.rstd] = -1;
ln[LayerNormArg.rows] = rows;
ln[LayerNormArg.cols] = cols;
ln[LayerNormArg.eps] = 1e-12;
ln[LayerNormArg.residual] = -1;
addon.layerNorm(heap, ln);
const sm = new Float64Array(SoftmaxArg.count);
sm[SoftmaxArg.x] = x * 4;
sm[SoftmaxArg.y] = y2 * 4;
sm[SoftmaxArg.rows] = rows;
sm[SoftmaxArg.cols] = cols;
addon.softmax(heap, sm);
const rowOut = Array.from(f32.subarray(y, y2 + rows * cols));

console.log(JSON.stringify({ info: addon.info(), gemmWorst, cases, rowOut }));
