import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { commitSha, startTestHub, type TestHub } from '@albert-ts/test-support/hub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albert } from './helpers/cli.js';
import { sentimentCsv, tinyTask } from './helpers/tiny-task.js';

// `-m` (and every other model or tokenizer source: -t, tokenize -m, info, bench/pretrain
// --model-config, export onnx) names a Hub id as well as a path: the CLI fetches what it needs through
// core's Hub client (HF_ENDPOINT, HF_HUB_CACHE) and then reads it as the folder it is.
let hub: TestHub;
let local: string;
let train: string;
/** The base model (the `base` revision). */
let baseModel: string;
const saved = { ...process.env };

beforeAll(async () => {
  const t = await tinyTask('albert-hub-ids-');
  train = t.file('train.csv', sentimentCsv(16, 1));
  baseModel = t.model;
  local = join(t.dir, 'cls');
  const ft = await albert(
    'finetune',
    'classification',
    '-m',
    t.model,
    '--train',
    train,
    '-o',
    local,
    '--quiet',
  );
  expect(ft.code, ft.stderr).toBe(0);
  const files = (dir: string) =>
    ['config.json', 'model.safetensors', 'spiece.model'].map((path) => ({
      path,
      bytes: new Uint8Array(readFileSync(join(dir, path))),
    }));
  hub = await startTestHub({
    'albert-ts/tiny-cls': {
      refs: { main: commitSha('cls'), base: commitSha('base') },
      commits: [
        { sha: commitSha('cls'), files: files(local) },
        { sha: commitSha('base'), files: files(t.model) },
      ],
    },
  });
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.HF_HUB_CACHE = mkdtempSync(join(tmpdir(), 'albert-hub-cache-'));
  process.env.HF_HUB_DISABLE_PROGRESS_BARS = '1';
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.HF_TOKEN;
});

afterAll(async () => {
  process.env = saved;
  await hub?.close();
});

describe('-m with a Hub id', () => {
  it('predict gives what the same model gives from its folder', async () => {
    const text = 'the movie was great';
    const fromDir = await albert('predict', 'classify', '-m', local, text, '--json', '--quiet');
    const fromHub = await albert(
      'predict',
      'classify',
      '-m',
      'albert-ts/tiny-cls',
      text,
      '--json',
      '--quiet',
    );
    expect(fromHub.code, fromHub.stderr).toBe(0);
    expect(fromHub.stdout).toBe(fromDir.stdout);
  });

  it('evaluate reads the task from the fetched config', async () => {
    const r = await albert('evaluate', '-m', 'albert-ts/tiny-cls', '--data', train, '--json', '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!).task).toBe('classification');
  });

  it('finetune starts from --revision of a Hub id', async () => {
    const out = join(process.env.HF_HUB_CACHE!, '..', `ft-rev-${Date.now()}`);
    const r = await albert(
      'finetune',
      'classification',
      '-m',
      'albert-ts/tiny-cls',
      '--revision',
      'base',
      '--train',
      train,
      '-o',
      out,
      '--steps',
      '1',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out)).toContain('model.safetensors');
  });

  it('an unknown id is a usage error naming it', async () => {
    const r = await albert('predict', 'classify', '-m', 'albert-ts/nope', 'hi');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/albert: cannot fetch model albert-ts\/nope/);
  });
});

describe('Hub ids beyond finetune/evaluate/predict -m', () => {
  const json = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
  const text = 'the movie was great';

  it('tokenize -m: the same pieces and ids as the folder, at --revision too', async () => {
    const fromDir = await albert('tokenize', '-m', local, text, '--json', '--quiet');
    const fromHub = await albert('tokenize', '-m', 'albert-ts/tiny-cls', text, '--json', '--quiet');
    expect(fromHub.code, fromHub.stderr).toBe(0);
    expect(fromHub.stdout).toBe(fromDir.stdout);
    const rev = await albert('tokenize', '-m', 'albert-ts/tiny-cls', '--revision', 'base', text, '--json');
    expect(rev.code, rev.stderr).toBe(0);
    expect(rev.stdout).toBe(fromDir.stdout);
  });

  it('-t as a Hub id: predict with a folder model and the tokenizer from the Hub', async () => {
    const fromDir = await albert('predict', 'classify', '-m', local, text, '--json', '--quiet');
    const r = await albert(
      'predict',
      'classify',
      '-m',
      local,
      '-t',
      'albert-ts/tiny-cls',
      text,
      '--json',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(fromDir.stdout);
  });

  it('info: the counts of the folder; --revision picks the commit (its head)', async () => {
    const fromDir = json((await albert('info', local, '--json')).stdout);
    const r = await albert('info', 'albert-ts/tiny-cls', '--json');
    expect(r.code, r.stderr).toBe(0);
    const fromHub = json(r.stdout);
    expect(fromHub.parameters).toEqual(fromDir.parameters);
    expect(fromHub.head).toBe('sequence-classification');
    expect(fromHub.source).toMatch(/^albert-ts\/tiny-cls \(/);
    // Only config.json is fetched (as AutoConfig does), so there is no weights file to list.
    expect(fromHub.file).toBeUndefined();
    const base = json((await albert('info', 'albert-ts/tiny-cls', '--revision', 'base', '--json')).stdout);
    expect(base.head).toBe(json((await albert('info', baseModel, '--json')).stdout).head);
    expect(base.source).toMatch(/^albert-ts\/tiny-cls@base /);
  });

  it('bench --model-config takes a Hub id and --revision', async () => {
    const r = await albert(
      '--backend',
      'cpu',
      'bench',
      '--model-config',
      'albert-ts/tiny-cls',
      '--revision',
      'base',
      '--iterations',
      '1',
      '--batch-size',
      '1',
      '--seq-length',
      '8',
      '--json',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout)).toMatchObject({ config: 'albert-ts/tiny-cls', batchSize: 1, seqLength: 8 });
  });

  it('pretrain: -t and --model-config as Hub ids at --revision', async () => {
    const out = mkdtempSync(join(tmpdir(), 'albert-hub-pretrain-'));
    const r = await albert(
      'pretrain',
      '-i',
      join(baseModel, '..', 'corpus.txt'),
      '-t',
      'albert-ts/tiny-cls',
      '--model-config',
      'albert-ts/tiny-cls',
      '--revision',
      'base',
      '-o',
      join(out, 'pt'),
      '--steps',
      '1',
      '--batch-size',
      '2',
      '--max-seq-length',
      '16',
      '--quiet',
    );
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(readFileSync(join(out, 'pt', 'model', 'config.json'), 'utf8'));
    const baseConfig = JSON.parse(readFileSync(join(baseModel, 'config.json'), 'utf8'));
    expect(config.hidden_size).toBe(baseConfig.hidden_size);
  });

  it('export onnx of a Hub id writes under -o (never into the cache), and needs -o', async () => {
    const out = mkdtempSync(join(tmpdir(), 'albert-hub-onnx-'));
    const r = await albert('--backend', 'cpu', 'export', 'onnx', 'albert-ts/tiny-cls', '-o', out, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(json(r.stdout).task).toBe('text-classification');
    expect(existsSync(join(out, 'onnx', 'model.onnx'))).toBe(true);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['config.json', 'spiece.model']));
    const noOut = await albert('export', 'onnx', 'albert-ts/tiny-cls');
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/albert: export onnx of the Hub id albert-ts\/tiny-cls needs -o <dir>/);
  });

  it('an @revision that disagrees with --revision is a usage error', async () => {
    const r = await albert('tokenize', '-m', 'albert-ts/tiny-cls@base', '--revision', 'main', 'hi');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/albert: tokenizer albert-ts\/tiny-cls@base: .*revision/);
  });
});
