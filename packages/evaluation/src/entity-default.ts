import type { Entity } from './entity-scheme.js';
import { describeValue, EvaluationError } from './errors.js';

/** seqeval's default (conlleval-compatible) split of a tag into its chunk letter and its type. */
function splitTag(chunk: string, suffix: boolean, where: string): [string, string] {
  if (typeof chunk !== 'string' || chunk.length === 0) {
    throw new EvaluationError(
      'TAG_SCHEME',
      `${where}: a tag must be a non-empty string, found ${describeValue(chunk)}`,
    );
  }
  if (suffix) {
    const last = String.fromCodePoint(
      chunk.codePointAt(chunk.length - 1 - (isLowSurrogate(chunk, chunk.length - 1) ? 1 : 0))!,
    );
    const rest = chunk.slice(0, chunk.length - last.length);
    const k = rest.lastIndexOf('-');
    return [last, (k >= 0 ? rest.slice(0, k) : rest) || '_'];
  }
  const first = String.fromCodePoint(chunk.codePointAt(0)!);
  const rest = chunk.slice(first.length);
  const k = rest.indexOf('-');
  return [first, (k >= 0 ? rest.slice(k + 1) : rest) || '_'];
}

function isLowSurrogate(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return (
    c >= 0xdc00 && c <= 0xdfff && i > 0 && s.charCodeAt(i - 1) >= 0xd800 && s.charCodeAt(i - 1) <= 0xdbff
  );
}

function endOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (prevTag === 'E' || prevTag === 'S') return true;
  if ((prevTag === 'B' || prevTag === 'I') && (tag === 'B' || tag === 'S' || tag === 'O')) return true;
  return prevTag !== 'O' && prevTag !== '.' && prevType !== type;
}

function startOfChunk(prevTag: string, tag: string, prevType: string, type: string): boolean {
  if (tag === 'B' || tag === 'S') return true;
  if ((prevTag === 'E' || prevTag === 'S' || prevTag === 'O') && (tag === 'E' || tag === 'I')) return true;
  return tag !== 'O' && tag !== '.' && prevType !== type;
}

/**
 * seqeval's default-mode `get_entities`: sentences are joined with an "O" between them and chunked like
 * conlleval, so an I- (or E-) after O or after another type starts a chunk, and a type change ends one.
 * Spans are returned per sentence with an exclusive end.
 */
export function defaultEntities(
  sentences: readonly (readonly string[])[],
  options: { suffix?: boolean } = {},
  what = 'entities',
): Entity[] {
  const suffix = options.suffix ?? false;
  // Global position of each sentence's first token in the joined sequence.
  const starts: number[] = [];
  const letters: string[] = [];
  const types: string[] = [];
  sentences.forEach((seq, s) => {
    starts.push(letters.length);
    seq.forEach((chunk, i) => {
      const [l, t] = splitTag(chunk, suffix, `${what}: sentence ${s}, token ${i}`);
      letters.push(l);
      types.push(t);
    });
    letters.push('O');
    types.push('_');
  });
  // get_entities appends one more "O" to the joined sequence.
  letters.push('O');
  types.push('_');
  const out: Entity[] = [];
  let prevTag = 'O';
  let prevType = '';
  let begin = 0;
  let sentence = 0;
  const locate = (globalStart: number) => {
    while (sentence + 1 < starts.length && starts[sentence + 1] <= globalStart) sentence++;
    while (sentence > 0 && starts[sentence] > globalStart) sentence--;
    return sentence;
  };
  for (let i = 0; i < letters.length; i++) {
    const tag = letters[i];
    const type = types[i];
    if (endOfChunk(prevTag, tag, prevType, type)) {
      const s = locate(begin);
      out.push({ type: prevType, sentence: s, start: begin - (starts[s] ?? 0), end: i - (starts[s] ?? 0) });
    }
    if (startOfChunk(prevTag, tag, prevType, type)) begin = i;
    prevTag = tag;
    prevType = type;
  }
  return out;
}
