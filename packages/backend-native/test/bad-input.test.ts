import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Issue 6, acceptance 4 (no crashes): wrong-shaped and out-of-range inputs handed straight to the
// native kernels give an Error with tfjs's usual message (or one naming the kernel, the input,
// what was expected and what was found) — never a crash — free whatever they allocated, and
// leave the backend computing correctly. The cases run in a child process
// (child/bad-input.mjs, on the built dist/) so a segfault fails this test instead of vitest.

const EXPECTED: Record<string, RegExp> = {
  'BatchMatMul inner-dim mismatch':
    /^Error in matMul: inner shapes \(4\) and \(5\) of Tensors with shapes 2,3,4 and 2,5,6/,
  'BatchMatMul transposed inner-dim mismatch': /^Error in matMul: inner shapes \(3\) and \(4\)/,
  'BatchMatMul batch shapes that do not broadcast':
    /Operands could not be broadcast together with shapes 2 and 3/,
  '_FusedMatMul bias of the wrong length': /Operands could not be broadcast together with shapes 3,5 and 7/,
  'Add shapes that do not broadcast': /Operands could not be broadcast together with shapes 2,3 and 4/,
  'Multiply shapes that do not broadcast':
    /Operands could not be broadcast together with shapes 2,3,4 and 3,3,1/,
  'AlbertLayerNorm gamma of the wrong length': /^AlbertLayerNorm: gamma 7 and beta 8 must have 8 elements/,
  'AlbertLayerNorm residual of the wrong shape': /^AlbertLayerNorm: residual \[2,7\] must match x \[2,8\]/,
  'AlbertLayerNormGrad mean of the wrong length': /^AlbertLayerNormGrad: mean\/rstd must have 2 elements/,
  'AlbertAttention q and k of different hidden sizes':
    /^AlbertAttention: q \[2,4,8\], k \[2,5,6\], v \[2,5,8\] do not fit/,
  'AlbertAttention mask of the wrong shape':
    /^AlbertAttention: mask must be float32 \[2, 5\], got float32 \[2,3\]/,
  'AlbertAttention heads that do not divide the hidden size': /hidden size 8 is not a multiple of numHeads 3/,
  'AlbertAttentionGrad probs of the wrong shape':
    /^AlbertAttentionGrad: probs must be \[2,2,4,4\], got \[2,2,4,3\]/,
  'GatherV2 index past the end': /^GatherV2: the index value 3 is not in \[0, 2\]/,
  'GatherV2 negative index': /^GatherV2: the index value -1 is not in \[0, 2\]/,
  'GatherV2 huge index': /^GatherV2: the index value 2147483647 is not in \[0, 3\]/,
  'AlbertSoftmaxCrossEntropy label past the classes':
    /^AlbertSoftmaxCrossEntropy: label 5 outside \[0, 5\) at row 1/,
  'AlbertSoftmaxCrossEntropy labels of the wrong count':
    /labels \[3\] must have one entry per row of logits \[2,5\]/,
  'crossEntropy (core) with a negative label':
    /^AlbertSoftmaxCrossEntropy: label -2 outside \[0, 4\) at row 1/,
  'AlbertAdamW m of the wrong shape': /^AlbertAdamW: 'm' \[3,4,1\] must match w \[4,3\]/,
  'Transpose perm of the wrong rank': /^Error in transpose: rank of input 2 must match length of perm 1,0,2/,
  'Sum over an axis the tensor lacks': /axis param must be in range \[-2, 2\) but got axis 4/,
};

interface Result {
  name: string;
  threw: boolean;
  isError?: boolean;
  message?: string;
  stillWorks: boolean;
  leakedTensors: number;
  leakedData: number;
}

describe('bad input to the native kernels', () => {
  it('every case throws an Error with the expected message, frees its buffers, and the backend still works', () => {
    const env = { ...process.env };
    delete env.ALBERT_NATIVE; // these are the native kernels' cases, also in an ALBERT_NATIVE=0 run
    const r = spawnSync(
      process.execPath,
      [fileURLToPath(new URL('./child/bad-input.mjs', import.meta.url))],
      {
        encoding: 'utf8',
        env,
        timeout: 120_000,
      },
    );
    const lines = r.stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    const started = lines.filter((l) => 'start' in l).map((l) => l.start as string);
    expect(
      r.status,
      `child ended with ${r.status ?? r.signal} during "${started.at(-1)}":\n${r.stderr.slice(-2000)}`,
    ).toBe(0);
    expect(lines[0].setup).toMatchObject({ backend: 'wasm', native: true });
    const results = lines.filter((l) => 'name' in l) as Result[];
    expect(results.map((x) => x.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const x of results) {
      expect(x.threw, `${x.name}: did not throw`).toBe(true);
      expect(x.isError, x.name).toBe(true);
      expect(x.message, x.name).toMatch(EXPECTED[x.name]);
      expect(x.leakedTensors, `${x.name}: tensors left`).toBe(0);
      expect(x.leakedData, `${x.name}: heap buffers left`).toBe(0);
      expect(x.stillWorks, `${x.name}: backend broken afterwards`).toBe(true);
    }
  });
});
