/**
 * `albert export onnx <model-dir>`: writes <dir>/onnx/model.onnx (or under -o, with config.json
 * copied), infers the task from config.json as optimum does, and reports bad input as usage errors.
 * The numerics (onnxruntime vs our forward) are tested in packages/heads/test/onnx-export*.test.ts.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeOnnxModel } from '@albert-ts/heads';
import { fixturePath } from '@albert-ts/test-support';
import { describe, expect, it } from 'vitest';
import { albert } from './helpers/cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'albert-cli-export-'));

/** A private copy of a fixture model folder (the command writes into it). */
function copyOf(fx: string): string {
  const dir = join(tmp, fx.replace('/', '-'));
  cpSync(fixturePath(...fx.split('/')), dir, { recursive: true });
  return dir;
}

const graphOf = (file: string) => decodeOnnxModel(new Uint8Array(readFileSync(file))).graph;

describe('albert export onnx', () => {
  it('sequence classification: <dir>/onnx/model.onnx with optimum names; --json result', async () => {
    const dir = copyOf('heads/sequence-classification');
    const r = await albert('--json', '--backend', 'cpu', 'export', 'onnx', dir);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(result).toMatchObject({
      path: join(dir, 'onnx', 'model.onnx'),
      task: 'text-classification',
      inputs: ['input_ids', 'attention_mask', 'token_type_ids'],
      outputs: ['logits'],
    });
    expect(result.opset).toBeGreaterThanOrEqual(14);
    const g = graphOf(join(dir, 'onnx', 'model.onnx'));
    expect(g.input.map((i) => i.name)).toEqual(['input_ids', 'attention_mask', 'token_type_ids']);
    expect(g.output.map((o) => o.name)).toEqual(['logits']);
  });

  it('a pretraining checkpoint exports fill-mask; --task base gives last_hidden_state; -o copies config.json', async () => {
    const dir = copyOf('albert-tiny');
    const r = await albert('--backend', 'cpu', 'export', 'onnx', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fill-mask, opset 17/);
    expect(graphOf(join(dir, 'onnx', 'model.onnx')).output.map((o) => o.name)).toEqual(['logits']);
    const out = join(tmp, 'base-out');
    const b = await albert('--backend', 'cpu', 'export', 'onnx', dir, '--task', 'base', '-o', out);
    expect(b.code, b.stderr).toBe(0);
    expect(graphOf(join(out, 'onnx', 'model.onnx')).output.map((o) => o.name)).toEqual(['last_hidden_state']);
    expect(existsSync(join(out, 'config.json'))).toBe(true);
  });

  it('with spiece.model and no tokenizer.json: writes tokenizer.json for transformers.js', async () => {
    const dir = copyOf('heads/masked-lm');
    cpSync(fixturePath('tokenizer', 'brown-8k.model'), join(dir, 'spiece.model'));
    const out = join(tmp, 'mlm-out');
    const r = await albert('--json', '--backend', 'cpu', 'export', 'onnx', dir, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(result.copied).toEqual(['config.json', 'spiece.model']);
    expect(result.tokenizerFiles).toEqual([
      'tokenizer.json',
      'tokenizer_config.json',
      'special_tokens_map.json',
    ]);
    const tj = JSON.parse(readFileSync(join(out, 'tokenizer.json'), 'utf8'));
    expect(tj.model.type).toBe('Unigram');
    // A second export keeps the files it finds.
    const again = await albert('--json', '--backend', 'cpu', 'export', 'onnx', dir, '-o', out);
    expect(JSON.parse(again.stdout.trim().split('\n').at(-1)!).tokenizerFiles).toEqual([]);
  });

  it('multiple choice: num_choices axis', async () => {
    const dir = copyOf('heads/multiple-choice');
    const r = await albert('--backend', 'cpu', 'export', 'onnx', dir);
    expect(r.code, r.stderr).toBe(0);
    const dims = graphOf(join(dir, 'onnx', 'model.onnx')).input[0].type.tensorType.shape.dim;
    expect(dims.map((d) => ('dimParam' in d ? d.dimParam : d.dimValue))).toEqual([
      'batch_size',
      'num_choices',
      'sequence_length',
    ]);
  });

  it('usage errors: missing folder, unknown task, a task the checkpoint has no head for, unknown architecture', async () => {
    const missing = await albert('export', 'onnx', join(tmp, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^albert: model folder not found/);
    const badTask = await albert('export', 'onnx', tmp, '--task', 'summarization');
    expect(badTask.code).toBe(2);
    expect(badTask.stderr).toMatch(/--task/);
    const dir = copyOf('heads/token-classification');
    const cfg = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...cfg, architectures: ['BertForMaskedLM'] }));
    const arch = await albert('--backend', 'cpu', 'export', 'onnx', dir);
    expect(arch.code).toBe(2);
    expect(arch.stderr).toMatch(/no ONNX task for architecture "BertForMaskedLM"/);
    expect(arch.stderr.trim().split('\n')).toHaveLength(1);
  });
});
