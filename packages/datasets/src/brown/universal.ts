/** The 12 universal part-of-speech tags of Petrov, Das & McDonald (2012), as NLTK spells them. */
export const UNIVERSAL_TAGS = [
  'ADJ',
  'ADP',
  'ADV',
  'CONJ',
  'DET',
  'NOUN',
  'NUM',
  'PRON',
  'PRT',
  'VERB',
  '.',
  'X',
] as const;
/** One of the 12 universal part-of-speech tags (`UNIVERSAL_TAGS`). */
export type UniversalTag = (typeof UNIVERSAL_TAGS)[number];

const group = (tag: UniversalTag, bases: string): [string, UniversalTag][] =>
  bases.split(' ').map((base) => [base, tag]);

/**
 * Simple Brown tags → universal, after the en-brown mapping of Petrov et al. that NLTK ships:
 * nominal pronouns (PN: "someone") are NOUN, interjections (UH) PRT, and the genitive of a
 * non-nominal tag (AP$ "other's", CD$ "1960's", DT$, JJ$, RB$, WP$ "whose") PRT.
 */
const BASE = new Map<string, UniversalTag>([
  ...group('.', ". , : ( ) -- ` `` ' ''"),
  ...group('ADV', '* QL QLP RB RBR RBT RN WQL WRB'),
  ...group('PRT', 'ABL ABN AP$ CD$ DT$ JJ$ RB$ WP$ RP TO UH'),
  ...group('DET', 'ABX AT DT DTI DTS DTX EX PP$ WDT'),
  ...group('ADJ', 'AP JJ JJR JJS JJT OD'),
  ...group('VERB', 'BE BED BEDZ BEG BEM BEN BER BEZ DO DOD DOZ HV HVD HVG HVN HVZ MD VB VBD VBG VBN VBZ'),
  ...group('CONJ', 'CC'),
  ...group('NUM', 'CD'),
  ...group('ADP', 'CS IN'),
  ...group('NOUN', 'NN NN$ NNS NNS$ NP NP$ NPS NPS$ NR NR$ NRS PN PN$'),
  ...group('PRON', 'PP$$ PPL PPLS PPO PPS PPSS WPO WPS'),
  ...group('X', 'NIL'),
]);

const SUFFIX = /(-(TL|HL|NC))+$/;

/**
 * Maps a Brown tag (any case, compound or not) to a universal tag. The rule:
 * 1. `FW-…` (foreign word) → `X`;
 * 2. a contraction `A+B` (e.g. `PPS+BEZ`, "it's") takes its first part `A`;
 * 3. the markers `-TL` (title), `-HL` (headline), `-NC` (cited word) are dropped;
 * 4. a negated form `X*` (e.g. `DOD*`, "didn't") maps as `X`; `*` alone ("not", "n't") is `ADV`;
 * 5. the simple tag is looked up in the en-brown table; anything else is `X` (NLTK's default).
 */
export function brownToUniversal(tag: string): UniversalTag {
  let mapped = MEMO.get(tag);
  if (mapped === undefined) {
    mapped = mapTag(tag);
    if (MEMO.size < 10_000) MEMO.set(tag, mapped);
  }
  return mapped;
}

const MEMO = new Map<string, UniversalTag>();

function mapTag(tag: string): UniversalTag {
  let t = tag.toUpperCase();
  if (t.startsWith('FW-')) return 'X';
  const plus = t.indexOf('+');
  if (plus > 0) t = t.slice(0, plus);
  t = t.replace(SUFFIX, '');
  if (t.length > 1 && t.endsWith('*')) t = t.slice(0, -1);
  return BASE.get(t) ?? 'X';
}
