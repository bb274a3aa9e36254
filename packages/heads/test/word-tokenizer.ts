/**
 * A SentencePiece model whose pieces are the fixture models' ids as words, so that a TEXT encodes
 * to exactly a fixture's input ids: id n (5 <= n < 512) is the piece `▁w<n>` (a word), or `s<n>`
 * (a sub-word glued to the previous word) for n in `subwords`. `textOf(ids)` writes the text.
 */
import { AlbertTokenizer, encodeModelProto, type ModelProto, PieceType } from '@albert-ts/tokenizer';

export const VOCAB = 512;

export function wordTokenizer(subwords: ReadonlySet<number>, maskToken?: string): AlbertTokenizer {
  const pieces: ModelProto['pieces'] = [
    { piece: '<pad>', score: 0, type: PieceType.CONTROL },
    { piece: '<unk>', score: 0, type: PieceType.UNKNOWN },
    { piece: '[CLS]', score: 0, type: PieceType.CONTROL },
    { piece: '[SEP]', score: 0, type: PieceType.CONTROL },
    { piece: '[MASK]', score: 0, type: PieceType.CONTROL },
  ];
  for (let n = 5; n < VOCAB; n++)
    pieces.push({ piece: subwords.has(n) ? `s${n}` : `\u2581w${n}`, score: -1 });
  const proto: ModelProto = {
    pieces,
    trainerSpec: {
      modelType: 1,
      vocabSize: VOCAB,
      unkId: 1,
      bosId: 2,
      eosId: 3,
      padId: 0,
      bosPiece: '[CLS]',
      eosPiece: '[SEP]',
      padPiece: '<pad>',
      controlSymbols: ['[MASK]'],
    },
    normalizerSpec: { name: 'identity', precompiledCharsmap: new Uint8Array(0), addDummyPrefix: true },
  };
  // A hand-built model (no per-character pieces): only sentencepiece's own loader checks.
  return AlbertTokenizer.fromBytes(encodeModelProto(proto), {
    modelValidation: 'sentencepiece',
    ...(maskToken ? { maskToken } : {}),
  });
}

/** The text of a run of ids (no specials): words separated by spaces, sub-words glued on. */
export function textOf(
  ids: number[],
  subwords: ReadonlySet<number>,
  literal: Map<number, string> = new Map(),
): string {
  let s = '';
  for (const id of ids) {
    const lit = literal.get(id);
    if (lit !== undefined) s += `${s ? ' ' : ''}${lit}`;
    else if (subwords.has(id)) s += `s${id}`;
    else s += `${s ? ' ' : ''}w${id}`;
  }
  return s;
}

/** A fixture row split as HF builds it: `[CLS] a [SEP] (b [SEP])?`, padding dropped. */
export function segmentsOf(ids: number[], mask: number[]): { a: number[]; b: number[] | null } {
  const real = ids.filter((_, i) => mask[i] === 1);
  const sep = real.indexOf(3);
  const a = real.slice(1, sep);
  const rest = real.slice(sep + 1);
  return { a, b: rest.length > 0 ? rest.slice(0, -1) : null };
}

/** Sub-word ids: every third id that never starts a segment in the given rows. */
export function subwordSet(rows: Array<{ a: number[]; b: number[] | null }>): Set<number> {
  const firsts = new Set(rows.flatMap((r) => [r.a[0], r.b?.[0]].filter((x) => x !== undefined)));
  const s = new Set<number>();
  for (let n = 5; n < VOCAB; n++) if (n % 3 === 0 && !firsts.has(n)) s.add(n);
  return s;
}

/**
 * The text `wordTokenizer(subwords)` encodes back to `ids`, and each id's [start, end) in it (the
 * tests' own bookkeeping, not the tokenizer's). `literal` spells chosen ids as given words instead.
 */
export function spellIds(
  ids: number[],
  subwords: ReadonlySet<number>,
  literal = new Map<number, string>(),
): { text: string; spans: Array<[number, number]> } {
  let text = '';
  const spans: Array<[number, number]> = [];
  for (const id of ids) {
    const lit = literal.get(id);
    const glue = lit === undefined && subwords.has(id);
    if (!glue && text) text += ' ';
    const w = lit ?? (glue ? `s${id}` : `w${id}`);
    spans.push([text.length, text.length + w.length]);
    text += w;
  }
  return { text, spans };
}
