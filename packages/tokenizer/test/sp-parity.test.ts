// Acceptance 1 (raw SentencePiece): every string of the three fixture files gives exactly the
// sentencepiece library's pieces, ids and decode.
import { describe, expect, it } from 'vitest';
import { fixtureSp, readCases, type SpCase } from './helpers.js';

const FILES = ['cases.json', 'en-cases.json', 'brown-8k-cases.json'];

describe.each(FILES)('SentencePiece parity: %s', (file) => {
  const data = readCases<SpCase>(file);
  const sp = fixtureSp(data.model_file);

  it('has the expected number of cases', () => {
    expect(data.cases.length).toBe(file === 'brown-8k-cases.json' ? 100 : 198);
  });

  it('encodeAsPieces matches sp_pieces for 100% of cases', () => {
    const bad = data.cases.filter(
      (c) => JSON.stringify(sp.encodeAsPieces(c.text)) !== JSON.stringify(c.sp_pieces),
    );
    expect(bad.map((c) => c.text)).toEqual([]);
  });

  it('encodeAsIds matches sp_ids for 100% of cases', () => {
    const bad = data.cases.filter((c) => JSON.stringify(sp.encodeAsIds(c.text)) !== JSON.stringify(c.sp_ids));
    expect(bad.map((c) => c.text)).toEqual([]);
  });

  it('decodeIds(sp_ids) matches sp_decode for 100% of cases', () => {
    const bad = data.cases.filter((c) => sp.decodeIds(c.sp_ids) !== c.sp_decode);
    expect(bad.map((c) => c.text)).toEqual([]);
  });

  it('encode() returns the same ids and pieces with one span per piece', () => {
    for (const c of data.cases) {
      const e = sp.encode(c.text);
      expect(e.ids).toEqual(c.sp_ids);
      expect(e.pieces).toEqual(c.sp_pieces);
      expect(e.offsets.length).toBe(c.sp_ids.length);
    }
  });

  it('pieceToId / idToPiece are inverse over the vocabulary', () => {
    const bad: number[] = [];
    for (let id = 0; id < sp.vocabSize; id++) if (sp.pieceToId(sp.idToPiece(id)) !== id) bad.push(id);
    expect(bad).toEqual([]);
  });
});

describe('vocabulary facts stated in the fixtures README', () => {
  it('30k-clean: specials and user-defined pieces', () => {
    const sp = fixtureSp('30k-clean.model');
    expect(sp.vocabSize).toBe(30000);
    expect([0, 1, 2, 3, 4].map((i) => sp.idToPiece(i))).toEqual([
      '<pad>',
      '<unk>',
      '[CLS]',
      '[SEP]',
      '[MASK]',
    ]);
    expect([0, 2, 3, 4].every((i) => sp.isControl(i))).toBe(true);
    expect(sp.isUnknown(1)).toBe(true);
    for (let i = 5; i <= 12; i++) expect(sp.isUserDefined(i)).toBe(true);
    expect(sp.unkId).toBe(1);
    expect(sp.padId).toBe(0);
    expect(sp.bosId).toBe(-1);
  });

  it('albert-en: "hello, my dog is cute" has albert-base-v2 ids', () => {
    expect(fixtureSp('albert-en-30k-reconstructed.model').encodeAsIds('hello, my dog is cute')).toEqual([
      10975, 15, 51, 1952, 25, 10901,
    ]);
  });

  it('brown-8k: [CLS] [SEP] [MASK] are user-defined and matched inside text', () => {
    const sp = fixtureSp('brown-8k.model');
    expect([2, 3, 4].every((i) => sp.isUserDefined(i))).toBe(true);
    expect(sp.encodeAsPieces('a[MASK]b')).toContain('[MASK]');
  });
});
