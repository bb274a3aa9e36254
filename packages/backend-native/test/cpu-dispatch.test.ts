// Run-time CPU dispatch: every path this CPU has is selectable with ALBERT_CPU, computes the
// GEMM within float32 accuracy on every blocking edge, and gives row kernels bit-identical to
// the baseline path (their loops add in the same order on every path). The parity suites run
// again under each path through scripts/test-each-path.mjs (the package's `test` script).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const addonPath = fileURLToPath(new URL('../build/Release/albert_native.node', import.meta.url));
const child = fileURLToPath(new URL('./child/dispatch.mjs', import.meta.url));

interface ChildResult {
  info: { path: string; pathRequested: string; pathNote?: string; cpu: string; cpuFeatures: string };
  gemmWorst: number;
  cases: number;
  rowOut: number[];
}

function run(cpu: string | undefined): ChildResult {
  const env = { ...process.env };
  delete env.ALBERT_CPU;
  if (cpu !== undefined) env.ALBERT_CPU = cpu;
  const out = execFileSync(process.execPath, [child, addonPath], {
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildResult;
}

const RANK: Record<string, number> = { baseline: 1, neon: 1, avx2: 2, avx512: 3 };

describe.skipIf(!existsSync(addonPath) && process.env.CI === undefined)('CPU dispatch', () => {
  const auto = run(undefined);
  const paths = ['avx512', 'avx2', 'baseline'].filter((p) => RANK[p] <= RANK[auto.info.path]);
  const results = new Map(paths.map((p) => [p, p === auto.info.path ? auto : run(p)]));

  it('picks the fastest path the CPU reports, and says which', () => {
    expect(auto.info.pathRequested).toBe('auto');
    const features = auto.info.cpuFeatures;
    if (process.arch === 'x64') {
      const expected = features.includes('avx512f')
        ? 'avx512'
        : features.includes('avx2')
          ? 'avx2'
          : 'baseline';
      expect(auto.info.path).toBe(expected);
    }
    expect(typeof auto.info.cpu).toBe('string');
  });

  it.each(paths)('ALBERT_CPU=%s selects that path and its GEMM is within float32 accuracy', (p) => {
    const r = results.get(p) as ChildResult;
    expect(r.info.path).toBe(p);
    expect(r.info.pathNote).toBeUndefined();
    expect(r.cases).toBeGreaterThan(600);
    // Relative to Σ|a·b|: float32 accumulation over K ≤ 1100 terms stays well inside 1e-5.
    expect(r.gemmWorst).toBeLessThan(1e-5);
  });

  it('row kernels give the same bits on every path', () => {
    const base = (results.get('baseline') as ChildResult).rowOut;
    for (const p of paths) expect((results.get(p) as ChildResult).rowOut).toEqual(base);
  });

  it('a path the CPU lacks, or an unknown name, falls back to the best path with a note', () => {
    const bogus = run('sse9');
    expect(bogus.info.path).toBe(auto.info.path);
    expect(bogus.info.pathNote).toMatch(/sse9/);
    if (auto.info.path !== 'avx512') {
      const higher = run('avx512');
      expect(higher.info.path).toBe(auto.info.path);
      expect(higher.info.pathNote).toMatch(/no avx512 path/);
    }
  });
});
