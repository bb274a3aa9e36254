import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixturePath } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { albert, albertProcess, lines } from './helpers/cli.js';

const SUBCOMMANDS = [
  'info',
  'tokenize',
  'train-tokenizer',
  'pretrain',
  'pretrain-data',
  'finetune',
  'evaluate',
  'predict',
  'serve',
  'bench',
  'demo',
];
const tmp = mkdtempSync(join(tmpdir(), 'albert-cli-'));
const spm = fixturePath('tokenizer', 'brown-8k.model');

function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** Exit 2 and exactly one line on stderr, starting with "albert:" — never a stack trace. */
function expectUsageError(r: { code: number; stderr: string; stdout: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  const errLines = lines(r.stderr);
  expect(errLines).toHaveLength(1);
  expect(errLines[0]).toMatch(/^albert: /);
  expect(errLines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('--help', () => {
  it('lists every subcommand', async () => {
    const r = await albert('--help');
    expect(r.code).toBe(0);
    for (const c of SUBCOMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it.each(SUBCOMMANDS)('albert %s --help: usage, options, exit 0', async (c) => {
    const r = await albert(c, '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: albert ${c} `, 'm'));
    expect(r.stdout).toContain('-c, --config <file>');
    expect(r.stdout).toContain('-h, --help');
    expect(r.stderr).toBe('');
  });

  it('albert with no command prints the help and is a usage error', async () => {
    const r = await albert();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: albert');
  });
});

describe('bad usage: one line, exit 2', () => {
  it.each(SUBCOMMANDS)('albert %s --no-such-flag', async (c) => {
    expectUsageError(await albert(c, '--no-such-flag'), /unknown option '--no-such-flag'/);
  });

  it.each([
    [['info', join(tmp, 'missing-dir')], /neither a preset .* nor an existing file/],
    [['tokenize', '-m', join(tmp, 'missing.model'), 'hi'], /tokenizer not found: .*missing\.model/],
    [['tokenize', '-m', spm, '--input', join(tmp, 'missing.jsonl')], /input file not found/],
    [['train-tokenizer', '-i', join(tmp, 'missing.txt'), '-o', join(tmp, 'x.model')], /input file not found/],
    [['pretrain', '--brown', '-t', join(tmp, 'missing.model'), '-o', join(tmp, 'pt')], /tokenizer not found/],
    [
      [
        'finetune',
        'classification',
        '-m',
        join(tmp, 'no-model'),
        '--train',
        'x.jsonl',
        '-o',
        join(tmp, 'ft'),
      ],
      /no spiece\.model in|not found/,
    ],
    [['evaluate', '-m', join(tmp, 'no-model'), '--dataset', 'spam'], /model folder not found/],
    [['predict', 'classify', '-m', join(tmp, 'no-model'), 'hi'], /no spiece\.model in/],
    [['info', 'albert-base-v2', '--config', join(tmp, 'missing.yaml')], /config file not found/],
  ])('missing file: albert %j', async (args, pattern) => {
    expectUsageError(await albert(...(args as string[])), pattern as RegExp);
  });

  it.each([
    [['pretrain', '--steps', 'many'], /option '--steps <n>' argument 'many' is invalid.*expected an integer/],
    [
      ['predict', 'summarize', '-m', 'x'],
      /value 'summarize' is invalid for argument 'task'.*fill-mask, classify, answer, tag, embed/,
    ],
    [['tokenize', 'hi'], /missing required option --model/],
    [['demo', '--tasks', 'spam,chess'], /unknown task 'chess'/],
    [['demo', '--inits', 'pretrained,warm'], /unknown init 'warm'/],
    [['demo', '--reuse', join(tmp, 'no-run'), '-o', join(tmp, 'reuse-out')], /--reuse: no .*spiece\.model/],
    [['evaluate', '-m', 'x', '--word-pooling', 'max'], /argument 'max' is invalid.*first, mean/],
    [['finetune', 'classification', '--tail', '-3'], /option '--tail <n>' argument '-3' is invalid/],
    [['info', 'albert-base-v2', 'extra'], /too many arguments/],
  ])('bad value: albert %j', async (args, pattern) => {
    expectUsageError(await albert(...(args as string[])), pattern as RegExp);
  });

  it('a misspelt setting in a --config file names the file and the key', async () => {
    const cfg = file('bad.yaml', 'stpes: 3\n');
    expectUsageError(
      await albert('pretrain', '--config', cfg),
      /config file .*bad\.yaml: unknown setting 'stpes' for 'pretrain'/,
    );
  });
});

describe('JSONL input', () => {
  const jsonl = file(
    'texts.jsonl',
    '{"text": "The jury said it."}\n{"txt": "no text field"}\n{bad json\n{"text": "It did not."}\n',
  );

  it('a bad line is a usage error naming file and line', async () => {
    expectUsageError(
      await albert('tokenize', '-m', spm, '--input', jsonl),
      /texts\.jsonl:2: missing string field 'text'.*--skip-bad/,
    );
  });

  it('--skip-bad skips and counts the bad lines', async () => {
    const r = await albert('--json', 'tokenize', '-m', spm, '--input', jsonl, '--skip-bad');
    expect(r.code).toBe(0);
    const records = lines(r.stdout).map((l) => JSON.parse(l));
    expect(records.filter((x) => x.tokens).map((x) => x.text)).toEqual(['The jury said it.', 'It did not.']);
    const skipped = records.find((x) => x.event === 'skipped');
    expect(skipped).toMatchObject({ skipped: 2, read: 4 });
  });

  it('training data with a bad line: one line, exit 2 (before any model is loaded)', async () => {
    const train = file('train.jsonl', '{"text": "a", "label": "x"}\n{"text": "b"}\n');
    const model = join(tmp, 'model-dir');
    // The tokenizer is read first, so give the folder a real one.
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(model, { recursive: true });
    copyFileSync(spm, join(model, 'spiece.model'));
    expectUsageError(
      await albert('finetune', 'classification', '-m', model, '--train', train, '-o', join(tmp, 'ft')),
      /train\.jsonl:2: field 'label' must be a string or an integer/,
    );
  });
});

describe('the real binary', () => {
  it('exit codes and single-line errors without stack traces (child process)', async () => {
    const ok = await albertProcess(['info', 'albert-base-v2', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(lines(ok.stdout)[0]!).parameters.total).toBe(11_683_584);
    const bad = await albertProcess(['tokenize', '-m', spm, '--bogus']);
    expectUsageError(bad, /unknown option '--bogus'/);
    const missing = await albertProcess(['predict', 'tag', '-m', join(tmp, 'nowhere'), 'x']);
    expectUsageError(missing, /no spiece\.model in/);
  });

  it('Ctrl-C during pretrain leaves a resumable checkpoint', async () => {
    const corpus = file(
      'corpus.txt',
      Array.from({ length: 60 }, (_, d) =>
        Array.from(
          { length: 6 },
          (_, s) => `Document ${d} says sentence ${s} about the jury and the city.`,
        ).join('\n'),
      ).join('\n\n') + '\n',
    );
    const out = join(tmp, 'pretrain-run');
    const argsFor = (steps: number) => [
      '--json',
      'pretrain',
      '-i',
      corpus,
      '-t',
      spm,
      '-o',
      out,
      '--hidden-size',
      '32',
      '--embedding-size',
      '16',
      '--heads',
      '2',
      '--intermediate-size',
      '64',
      '--layers',
      '2',
      '--steps',
      String(steps),
      '--batch-size',
      '4',
      '--max-seq-length',
      '32',
      '--save-every',
      '3',
      '--log-every',
      '1',
    ];
    const args = argsFor(500);
    let sent = false;
    const first = await albertProcess(args, {
      onStdout: (text, kill) => {
        if (!sent && /"event":"log".*"step":5,/.test(text)) {
          sent = true;
          kill('SIGINT');
        }
      },
    });
    expect(sent).toBe(true);
    expect(first.code, first.stderr).toBe(130);
    expect(lines(first.stderr).at(-1)).toMatch(
      /^albert: interrupted at step \d+; checkpoint saved in .*; continue with --resume$/,
    );
    const stoppedAt = Number(/interrupted at step (\d+)/.exec(first.stderr)![1]);
    expect(stoppedAt).toBeGreaterThanOrEqual(5);
    const ckpts = readdirSync(join(out, 'checkpoints')).filter((n) => n.startsWith('checkpoint-'));
    expect(ckpts).toContain(`checkpoint-${String(stoppedAt).padStart(6, '0')}`);
    expect(existsSync(join(out, 'model', 'model.safetensors'))).toBe(true);

    // Without --resume the run refuses to overwrite; with it, training continues from that step.
    expectUsageError(await albertProcess(args), /already holds checkpoints: pass --resume/);
    const resumed = await albertProcess([...argsFor(stoppedAt + 2), '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const events = lines(resumed.stdout).map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'resume')).toMatchObject({ step: stoppedAt });
    const steps = events.filter((e) => e.event === 'log').map((e) => e.step);
    expect(steps).toEqual([stoppedAt + 1, stoppedAt + 2]);
  });
});
