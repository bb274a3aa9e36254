import { describe, expect, it } from 'vitest';
import { demoReport, warningBanner } from '../src/demo/report.js';
import type { DemoResults } from '../src/demo/results.js';
import { planLines } from '../src/demo/summary.js';
import { nativeWarning } from '../src/lib/native-warning.js';
import { bannerHtml, renderReportHtml } from '../src/report/report-html.js';

const RAW =
  'native kernels not loaded: native addon not built: node-gyp failed (exit 1): gyp ERR! stack Error: not found: make';
const backend = { backend: 'wasm', native: false, reason: RAW };

function results(over: Partial<DemoResults> = {}): DemoResults {
  return {
    startedAt: '2026-12-06T18:00:00.000Z',
    finishedAt: '2026-12-06T18:14:00.000Z',
    seconds: 840,
    machine: 'test machine',
    backend,
    budget: 1,
    seed: 42,
    settings: {},
    tokenizer: {
      vocabSize: 8000,
      sentences: 10,
      seconds: 1,
      modelPath: 'x',
      piecesPerSentence: 20,
      example: { text: 'a', pieces: ['▁a'] },
    },
    pretrain: {
      steps: 1,
      seconds: 1,
      examples: 1,
      tokensSeen: 1,
      logs: [],
      evals: [],
      heldOut: { mlm_accuracy: 0.1 },
      heldOutExamples: 1,
      modelDir: 'x',
      config: {},
    },
    tasks: [],
    timings: [],
    ...over,
  };
}

const warning = nativeWarning(backend, { workspace: true })!;
const slowChoice = {
  path: 'slow' as const,
  slowdown: 25,
  expectedPosPasses: 2.4,
  probes: [],
  notes: ['Slow-path plan: measured.', 'Smaller model (E 64, H 64, 1 layer, FFN 256).'],
};

describe('report banner', () => {
  it('shows the warning and the slow-path plan in words, and no compiler log in the header', () => {
    const data = demoReport(results({ warning, planChoice: slowChoice }));
    expect(data.banner?.title).toMatch(/^Warning: native kernels are not in use: .*× slower/);
    expect(data.banner?.lines).toEqual([
      `Why: ${warning.reason}.`,
      `Fix: ${warning.fix}`,
      ...slowChoice.notes,
    ]);
    const html = renderReportHtml(data);
    const header = html.slice(html.indexOf('<h1>'), html.indexOf('<nav>'));
    expect(header).toContain('<div class="banner" role="alert">');
    expect(header).toContain('pnpm --filter @albert-ts/backend-native build');
    expect(header).toContain('Smaller model (E 64, H 64, 1 layer, FFN 256).');
    expect(header).not.toMatch(/gyp|ERR!|exit 1/);
    expect(header).toContain(
      'wasm, stock kernels (native kernels not in use: the native addon failed to compile',
    );
  });

  it('has no banner with the native kernels', () => {
    const data = demoReport(results({ backend: { backend: 'wasm', native: true } }));
    expect(data.banner).toBeUndefined();
    expect(warningBanner(results({ backend: { backend: 'wasm', native: true } }))).toBeUndefined();
    expect(renderReportHtml(data)).not.toContain('class="banner"');
  });

  it('escapes the banner text', () => {
    expect(bannerHtml({ title: '<b>', lines: ['a & b'] })).toBe(
      '<div class="banner" role="alert"><strong>&lt;b&gt;</strong><ul><li>a &amp; b</li></ul></div>',
    );
    expect(bannerHtml(undefined)).toBe('');
  });

  it('the printed summary carries the warning and the slow-path plan, nothing on the default path', () => {
    expect(planLines(results({ warning, planChoice: slowChoice }))).toEqual([
      `warning: ${warning.title}; ${warning.reason}; fix: ${warning.fix}`,
      ...slowChoice.notes,
    ]);
    expect(
      planLines(
        results({
          backend: { backend: 'wasm', native: true },
          planChoice: { ...slowChoice, path: 'default' },
        }),
      ),
    ).toEqual([]);
  });
});
