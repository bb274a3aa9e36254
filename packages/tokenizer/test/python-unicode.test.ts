// The Python string predicates AlbertTokenizer's preprocessing depends on, against tables written
// by Python 3.11 itself (test/data/make-reference.py), for every code point Python's Unicode
// database (14.0) assigns.
import { describe, expect, it } from 'vitest';
import { isCombining, isPyDigit, isPySpace } from '../src/unicode/python.js';
import { dataJson } from './helpers.js';

type Ranges = Array<[number, number]>;
const py = dataJson<{ python: Record<string, Ranges | string> }>('reference.json').python as {
  unidata_version: string;
  assigned: Ranges;
  combining: Ranges;
  isspace: Ranges;
  isdigit: Ranges;
};

function toSet(r: Ranges): Set<number> {
  const s = new Set<number>();
  for (const [a, b] of r) for (let c = a; c <= b; c++) s.add(c);
  return s;
}

describe(`Python ${py.unidata_version} string predicates`, () => {
  const assigned = py.assigned;
  const compare = (pred: (cp: number) => boolean, table: Ranges) => {
    const want = toSet(table);
    const bad: string[] = [];
    for (const [a, b] of assigned) {
      for (let cp = a; cp <= b; cp++) if (pred(cp) !== want.has(cp)) bad.push(cp.toString(16));
    }
    return bad;
  };

  it('isPySpace equals str.isspace()', () => expect(compare(isPySpace, py.isspace)).toEqual([]));
  it('isPyDigit equals str.isdigit()', () => expect(compare(isPyDigit, py.isdigit)).toEqual([]));
  it('isCombining equals unicodedata.combining() != 0', () =>
    expect(compare(isCombining, py.combining)).toEqual([]));
});
