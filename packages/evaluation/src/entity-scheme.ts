import { describeValue, EvaluationError } from './errors.js';

/** Tagging schemes seqeval's strict mode supports. */
export type TagScheme = 'IOB1' | 'IOE1' | 'IOB2' | 'IOE2' | 'IOBES' | 'BILOU';

/** An entity: its type and its token span `[start, end)` within sentence `sentence`. */
export interface Entity {
  type: string;
  sentence: number;
  start: number;
  /** Exclusive. */
  end: number;
}

type Prefix = 'I' | 'O' | 'B' | 'E' | 'S' | 'U' | 'L';
type Cond = 'same' | 'diff' | 'any';
/** [previous prefixes, current prefixes, tag condition], as seqeval's scheme.py pattern sets. */
type Pattern = readonly [string, string, Cond];

interface SchemeDef {
  allowed: string;
  start: readonly Pattern[];
  inside: readonly Pattern[];
  end: readonly Pattern[];
}

const ANY = 'IOBESUL';

// Transcribed from seqeval 1.2.2 scheme.py (start_patterns / inside_patterns / end_patterns).
const SCHEMES: Record<TagScheme, SchemeDef> = {
  IOB1: {
    allowed: 'IOB',
    start: [
      ['O', 'I', 'any'],
      ['I', 'I', 'diff'],
      ['B', 'I', 'any'],
      ['I', 'B', 'same'],
      ['B', 'B', 'same'],
    ],
    inside: [
      ['B', 'I', 'same'],
      ['I', 'I', 'same'],
    ],
    end: [
      ['I', 'I', 'diff'],
      ['I', 'O', 'any'],
      ['I', 'B', 'any'],
      ['B', 'O', 'any'],
      ['B', 'I', 'diff'],
      ['B', 'B', 'same'],
    ],
  },
  IOE1: {
    allowed: 'IOE',
    start: [
      ['O', 'I', 'any'],
      ['I', 'I', 'diff'],
      ['E', 'I', 'any'],
      ['E', 'E', 'same'],
    ],
    inside: [
      ['I', 'I', 'same'],
      ['I', 'E', 'same'],
    ],
    end: [
      ['I', 'I', 'diff'],
      ['I', 'O', 'any'],
      ['I', 'E', 'diff'],
      ['E', 'I', 'same'],
      ['E', 'E', 'same'],
    ],
  },
  IOB2: {
    allowed: 'IOB',
    start: [[ANY, 'B', 'any']],
    inside: [
      ['B', 'I', 'same'],
      ['I', 'I', 'same'],
    ],
    end: [
      ['I', 'O', 'any'],
      ['I', 'I', 'diff'],
      ['I', 'B', 'any'],
      ['B', 'O', 'any'],
      ['B', 'I', 'diff'],
      ['B', 'B', 'any'],
    ],
  },
  IOE2: {
    allowed: 'IOE',
    start: [
      ['O', 'I', 'any'],
      ['O', 'E', 'any'],
      ['E', 'I', 'any'],
      ['E', 'E', 'any'],
      ['I', 'I', 'diff'],
      ['I', 'E', 'diff'],
    ],
    inside: [
      ['I', 'E', 'same'],
      ['I', 'I', 'same'],
    ],
    end: [['E', ANY, 'any']],
  },
  IOBES: {
    allowed: 'IOBES',
    start: [
      [ANY, 'B', 'any'],
      [ANY, 'S', 'any'],
    ],
    inside: [
      ['B', 'I', 'same'],
      ['B', 'E', 'same'],
      ['I', 'I', 'same'],
      ['I', 'E', 'same'],
    ],
    end: [
      ['S', ANY, 'any'],
      ['E', ANY, 'any'],
    ],
  },
  BILOU: {
    allowed: 'BILOU',
    start: [
      [ANY, 'B', 'any'],
      [ANY, 'U', 'any'],
    ],
    inside: [
      ['B', 'I', 'same'],
      ['B', 'L', 'same'],
      ['I', 'I', 'same'],
      ['I', 'L', 'same'],
    ],
    end: [
      ['U', ANY, 'any'],
      ['L', ANY, 'any'],
    ],
  },
};

/**
 * The tagging schemes strict mode knows, as seqeval names them: IOB1, IOE1, IOB2, IOE2, IOBES,
 * BILOU.
 */
export const TAG_SCHEMES = Object.keys(SCHEMES) as TagScheme[];

interface Tok {
  prefix: Prefix;
  tag: string;
}

function stripChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a])) a++;
  while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** seqeval `Token(token, suffix, delimiter)`: the prefix letter and the stripped tag ("_" when empty). */
function parseToken(token: string, suffix: boolean, delimiter: string, where: string): Tok {
  if (typeof token !== 'string' || token.length === 0) {
    throw new EvaluationError(
      'TAG_SCHEME',
      `${where}: a tag must be a non-empty string, found ${describeValue(token)}`,
    );
  }
  const cps = Array.from(token);
  const prefix = suffix ? cps[cps.length - 1] : cps[0];
  if (!'IOBESUL'.includes(prefix)) {
    throw new EvaluationError(
      'TAG_SCHEME',
      `${where}: tag ${JSON.stringify(token)} has no scheme ${suffix ? 'suffix' : 'prefix'} (one of I O B E S U L)`,
    );
  }
  const rest = suffix ? cps.slice(0, -1).join('') : cps.slice(1).join('');
  return { prefix: prefix as Prefix, tag: stripChars(rest, delimiter) || '_' };
}

function matches(prev: Tok, cur: Tok, patterns: readonly Pattern[]): boolean {
  for (const [pp, cp, cond] of patterns) {
    if (!pp.includes(prev.prefix) || !cp.includes(cur.prefix)) continue;
    if (cond === 'any' || (cond === 'same') === (prev.tag === cur.tag)) return true;
  }
  return false;
}

/**
 * How tags are written: `suffix` for "PER-B" rather than "B-PER" (default false), and the prefix
 * separator (default "-").
 */
export interface StrictOptions {
  suffix?: boolean;
  delimiter?: string;
}

/** seqeval `Tokens(seq, scheme).entities`: only chunks whose start, inside and end all follow the scheme. */
export function strictEntities(
  sentences: readonly (readonly string[])[],
  scheme: TagScheme,
  options: StrictOptions = {},
  what = 'entities',
): Entity[] {
  const def = SCHEMES[scheme];
  if (!def) {
    throw new EvaluationError(
      'TAG_SCHEME',
      `${what}: unknown tagging scheme ${describeValue(scheme)}; expected one of ${TAG_SCHEMES.join(', ')}`,
    );
  }
  const suffix = options.suffix ?? false;
  const delimiter = options.delimiter ?? '-';
  const outside = parseToken('O', suffix, delimiter, what);
  const out: Entity[] = [];
  sentences.forEach((seq, s) => {
    const toks = seq.map((t, i) => parseToken(t, suffix, delimiter, `${what}: sentence ${s}, token ${i}`));
    toks.forEach((t, i) => {
      if (!def.allowed.includes(t.prefix)) {
        throw new EvaluationError(
          'TAG_SCHEME',
          `${what}: sentence ${s}, token ${i}: tag ${JSON.stringify(seq[i])} is not allowed in ${scheme} (prefixes ${def.allowed.split('').join(', ')})`,
        );
      }
    });
    toks.push(outside);
    let i = 0;
    let prev = outside;
    while (i < toks.length) {
      const token = toks[i];
      if (matches(prev, token, def.start)) {
        let end = i + 1;
        let p = token;
        // The trailing "O" is never inside a chunk, so this stops within the array.
        while (end < toks.length && matches(p, toks[end], def.inside)) {
          p = toks[end];
          end++;
        }
        if (matches(toks[end - 1], toks[end], def.end)) {
          out.push({ type: token.tag, sentence: s, start: i, end });
        }
        i = end;
      } else {
        i++;
      }
      prev = toks[i - 1];
    }
  });
  return out;
}

const DETECT: [TagScheme, string[]][] = [
  ['IOB2', ['IOB', 'IB', 'BO', 'B']],
  ['IOE2', ['IOE', 'IE', 'EO', 'E']],
  ['IOBES', ['IOBES', 'IBES', 'IOBE', 'OBES', 'IBE', 'BES', 'OBE', 'BE', 'S']],
  ['BILOU', ['IOBLU', 'IBLU', 'IOBL', 'OBLU', 'IBL', 'BLU', 'OBL', 'BL', 'U']],
];

/** seqeval `auto_detect`: the scheme whose prefix set equals the one used (IOB2, IOE2, IOBES, BILOU). */
export function detectScheme(
  sentences: readonly (readonly string[])[],
  options: StrictOptions = {},
): TagScheme {
  const suffix = options.suffix ?? false;
  const delimiter = options.delimiter ?? '-';
  const seen = new Set<string>();
  sentences.forEach((seq, s) => {
    seq.forEach((t, i) => {
      seen.add(parseToken(t, suffix, delimiter, `detectScheme: sentence ${s}, token ${i}`).prefix);
    });
  });
  const key = [...seen].sort().join('');
  for (const [scheme, sets] of DETECT) {
    if (sets.some((set) => set.split('').sort().join('') === key)) return scheme;
  }
  throw new EvaluationError(
    'TAG_SCHEME',
    `cannot detect the tagging scheme from the prefixes {${[...seen].sort().join(', ')}} (seqeval auto_detect knows IOB2, IOE2, IOBES, BILOU); pass options.scheme`,
  );
}
