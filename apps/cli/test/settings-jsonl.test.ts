import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/util/errors.js';
import { type JsonlStats, readJsonl, stringFields } from '../src/util/jsonl.js';
import { float, int } from '../src/util/parse.js';
import { applySettings, loadSettingsFile } from '../src/util/settings.js';

const dir = mkdtempSync(join(tmpdir(), 'albert-settings-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

function command(): Command {
  const root = new Command('albert').exitOverride();
  const cmd = root
    .command('pretrain')
    .option('--steps <n>', 'steps', int(1), 100)
    .option('--lr <x>', 'lr', float(0), 1e-3)
    .option('--no-shuffle', 'keep order')
    .addOption(new Option('--optimizer <name>').choices(['lamb', 'adamw']).default('lamb'))
    .option('--out <dir>', 'out', 'runs');
  root.command('finetune').option('--steps <n>', 'steps', int(1), 5);
  return cmd;
}

describe('settings file (--config)', () => {
  it('YAML values fill options the command line left at their defaults; flags win', () => {
    const cmd = command();
    cmd.parent!.parse(['pretrain', '--steps', '7'], { from: 'user' });
    const p = file(
      'a.yaml',
      'steps: 50\nlr: 2e-4\nshuffle: false\noptimizer: adamw\nfinetune:\n  steps: 9\n',
    );
    applySettings(cmd, loadSettingsFile(p), p);
    expect(cmd.opts()).toMatchObject({ steps: 7, lr: 2e-4, shuffle: false, optimizer: 'adamw', out: 'runs' });
  });

  it('JSON, kebab- or camel-case keys, and a section named after the command', () => {
    const cmd = command();
    cmd.parent!.parse(['pretrain'], { from: 'user' });
    const p = file('b.json', JSON.stringify({ out: 'x', pretrain: { steps: 3 } }));
    applySettings(cmd, loadSettingsFile(p), p);
    expect(cmd.opts()).toMatchObject({ steps: 3, out: 'x' });
  });

  it("a flag's other spellings (hf-flags) work as keys: old --max-length, HF max_seq_length", () => {
    const aliases = { '--max-length': '--max-seq-length', '--learning_rate': '--lr' };
    for (const settings of [{ 'max-length': 32 }, { maxLength: 32 }, { max_seq_length: 32 }]) {
      const root = new Command('albert').exitOverride();
      const cmd = root
        .command('tokenize')
        .option('--max-seq-length <n>', 'length', int(2))
        .option('--lr <x>', 'lr', float(0));
      root.parse(['tokenize'], { from: 'user' });
      const p = file('alias.json', JSON.stringify({ ...settings, learning_rate: 0.5 }));
      applySettings(cmd, loadSettingsFile(p), p, { ...aliases, '--max_seq_length': '--max-seq-length' });
      expect(cmd.opts()).toEqual({ maxSeqLength: 32, lr: 0.5 });
    }
    // Without the alias table the old key stays unknown.
    const cmd = command();
    cmd.parent!.parse(['pretrain'], { from: 'user' });
    const p = file('old.yaml', 'max-length: 8\n');
    expect(() => applySettings(cmd, loadSettingsFile(p), p)).toThrow(/unknown setting 'max-length'/);
  });

  it.each([
    ['unknown key', 'stpes: 3\n', /unknown setting 'stpes' for 'pretrain'/],
    ['bad number', 'steps: 0\n', /setting 'steps'.*\[1,/],
    ['bad choice', 'optimizer: sgd\n', /must be one of lamb, adamw/],
    ['bad boolean', 'shuffle: "no"\n', /expects true or false/],
    ['not a mapping', '- 1\n- 2\n', /expected a mapping/],
    ['unparsable', 'steps: [1,\n', /cannot parse/],
  ])('%s is a one-line usage error naming the file', (_, text, re) => {
    const cmd = command();
    cmd.parent!.parse(['pretrain'], { from: 'user' });
    const p = file('bad.yaml', text);
    let err: unknown;
    try {
      applySettings(cmd, loadSettingsFile(p), p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(re);
    expect((err as Error).message).toContain(p);
    expect((err as Error).message).not.toContain('\n');
  });

  it('a missing settings file is a usage error', () => {
    expect(() => loadSettingsFile(join(dir, 'nope.yaml'))).toThrow(UsageError);
  });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('JSONL input', () => {
  const text = '{"text":"a"}\n\n{"text":1}\nnot json\n{"text":"b","label":"x"}\n';
  it('a bad line is a usage error naming file and line', async () => {
    const p = file('in.jsonl', text);
    await expect(collect(readJsonl(p, stringFields('text')))).rejects.toThrow(
      new UsageError(`${p}:3: missing string field 'text' (use --skip-bad to skip bad lines)`),
    );
  });
  it('--skip-bad skips and counts', async () => {
    const p = file('in2.jsonl', text);
    const stats: JsonlStats = { read: 0, skipped: 0, firstErrors: [] };
    const rows = await collect(readJsonl(p, stringFields('text'), { skipBad: true, stats }));
    expect(rows.map((r) => r.text)).toEqual(['a', 'b']);
    expect(stats.read).toBe(4);
    expect(stats.skipped).toBe(2);
    expect(stats.firstErrors[1]).toMatch(/:4: not valid JSON/);
  });
});
