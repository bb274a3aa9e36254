/**
 * The Unicode script of a code point, as the sentencepiece trainer uses it to keep a piece from
 * mixing scripts (`split_by_unicode_script`). Scripts come from the JavaScript engine's Unicode
 * tables (`\p{Script=…}`), so they follow the engine's Unicode version; code points no listed script
 * claims count as Common, as in sentencepiece's own table.
 */

const SCRIPT_NAMES = [
  'Common',
  'Inherited',
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Hebrew',
  'Arabic',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Oriya',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Georgian',
  'Hangul',
  'Ethiopic',
  'Cherokee',
  'Canadian_Aboriginal',
  'Ogham',
  'Runic',
  'Khmer',
  'Mongolian',
  'Hiragana',
  'Katakana',
  'Bopomofo',
  'Han',
  'Yi',
  'Old_Italic',
  'Gothic',
  'Deseret',
  'Tagalog',
  'Hanunoo',
  'Buhid',
  'Tagbanwa',
  'Limbu',
  'Tai_Le',
  'Linear_B',
  'Ugaritic',
  'Shavian',
  'Osmanya',
  'Cypriot',
  'Braille',
  'Buginese',
  'Coptic',
  'New_Tai_Lue',
  'Glagolitic',
  'Tifinagh',
  'Syloti_Nagri',
  'Old_Persian',
  'Kharoshthi',
  'Balinese',
  'Cuneiform',
  'Phoenician',
  'Phags_Pa',
  'Nko',
  'Sundanese',
  'Lepcha',
  'Ol_Chiki',
  'Vai',
  'Saurashtra',
  'Kayah_Li',
  'Rejang',
  'Lycian',
  'Carian',
  'Lydian',
  'Cham',
  'Tai_Tham',
  'Tai_Viet',
  'Avestan',
  'Egyptian_Hieroglyphs',
  'Samaritan',
  'Lisu',
  'Bamum',
  'Javanese',
  'Meetei_Mayek',
  'Imperial_Aramaic',
  'Old_South_Arabian',
  'Inscriptional_Parthian',
  'Inscriptional_Pahlavi',
  'Old_Turkic',
  'Kaithi',
  'Batak',
  'Brahmi',
  'Mandaic',
  'Chakma',
  'Meroitic_Cursive',
  'Meroitic_Hieroglyphs',
  'Miao',
  'Sharada',
  'Sora_Sompeng',
  'Takri',
  'Caucasian_Albanian',
  'Bassa_Vah',
  'Duployan',
  'Elbasan',
  'Grantha',
  'Pahawh_Hmong',
  'Khojki',
  'Linear_A',
  'Mahajani',
  'Manichaean',
  'Mende_Kikakui',
  'Modi',
  'Mro',
  'Old_North_Arabian',
  'Nabataean',
  'Palmyrene',
  'Pau_Cin_Hau',
  'Old_Permic',
  'Psalter_Pahlavi',
  'Siddham',
  'Khudawadi',
  'Tirhuta',
  'Warang_Citi',
  'Ahom',
  'Anatolian_Hieroglyphs',
  'Hatran',
  'Multani',
  'Old_Hungarian',
  'SignWriting',
  'Adlam',
  'Bhaiksuki',
  'Marchen',
  'Newa',
  'Osage',
  'Tangut',
  'Masaram_Gondi',
  'Nushu',
  'Soyombo',
  'Zanabazar_Square',
  'Dogra',
  'Gunjala_Gondi',
  'Makasar',
  'Medefaidrin',
  'Hanifi_Rohingya',
  'Sogdian',
  'Old_Sogdian',
  'Elymaic',
  'Nandinagari',
  'Nyiakeng_Puachue_Hmong',
  'Wancho',
  'Chorasmian',
  'Dives_Akuru',
  'Khitan_Small_Script',
  'Yezidi',
  'Cypro_Minoan',
  'Old_Uyghur',
  'Tangsa',
  'Toto',
  'Vithkuqi',
  'Kawi',
  'Nag_Mundari',
] as const;

export const SCRIPT_COMMON = 0;
export const SCRIPT_INHERITED = 1;
export const SCRIPT_LATIN = 2;
const SCRIPT_HIRAGANA = SCRIPT_NAMES.indexOf('Hiragana');
const SCRIPT_KATAKANA = SCRIPT_NAMES.indexOf('Katakana');
export const SCRIPT_HAN = SCRIPT_NAMES.indexOf('Han');

let matchers: RegExp[] | undefined;
const cache = new Map<number, number>();

function compile(): RegExp[] {
  const out: RegExp[] = [];
  for (const name of SCRIPT_NAMES) {
    try {
      out.push(new RegExp(`^\\p{Script=${name}}$`, 'u'));
    } catch {
      // An engine with an older Unicode table does not know this script; nothing it
      // classifies can belong to it, so a never-matching pattern keeps the indices aligned.
      out.push(/(?!)/);
    }
  }
  return out;
}

function lookup(cp: number): number {
  matchers ??= compile();
  const ch = String.fromCodePoint(cp);
  for (let i = 0; i < matchers.length; i++) if (matchers[i]!.test(ch)) return i;
  return SCRIPT_COMMON;
}

/**
 * The script id of `cp` (an index into an internal table; only equality matters), with
 * Hiragana, Katakana and U+30FC merged into Han as sentencepiece does.
 */
export function scriptOf(cp: number): number {
  if (cp < 0x80) {
    return (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a) ? SCRIPT_LATIN : SCRIPT_COMMON;
  }
  let s = cache.get(cp);
  if (s === undefined) {
    s = lookup(cp);
    if (s === SCRIPT_HIRAGANA || s === SCRIPT_KATAKANA || cp === 0x30fc) s = SCRIPT_HAN;
    cache.set(cp, s);
  }
  return s;
}

const DECIMAL_NUMBER = /^\p{Nd}$/u;

/** Whether `cp` is a Unicode decimal digit (general category Nd). */
export function isDecimalNumber(cp: number): boolean {
  if (cp < 0x80) return cp >= 0x30 && cp <= 0x39;
  return DECIMAL_NUMBER.test(String.fromCodePoint(cp));
}
