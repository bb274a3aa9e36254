import { describe, expect, it } from 'vitest';
import { detokenizeBrown } from '../src/brown/detokenize.js';
import { parseBrownText } from '../src/brown/parse.js';
import { brownToUniversal, UNIVERSAL_TAGS } from '../src/brown/universal.js';

describe('Brown tag mapping to the universal tagset', () => {
  it('agrees with the en-brown.map entries quoted in NLTK-based documentation', () => {
    // Lines of the en-brown.map file that NLTK ships (Petrov et al.), as quoted verbatim in docs.
    const quoted = `ABL PRT|ABN PRT|ABN-HL PRT|ABN-NC PRT|ABN-TL PRT|ABX DET|AP ADJ|AP$ PRT|AP+AP-NC ADJ|AP-HL ADJ|AP-NC ADJ|AP-TL ADJ|AT DET`;
    for (const entry of quoted.split('|')) {
      const [tag, universal] = entry.split(' ');
      expect(brownToUniversal(tag), tag).toBe(universal);
    }
  });

  it("tags NLTK's first Brown sentence as brown.tagged_sents(tagset='universal') does", () => {
    const [[sentence]] = parseBrownText(
      "\tThe/at Fulton/np-tl County/nn-tl Grand/jj-tl Jury/nn-tl said/vbd Friday/nr an/at investigation/nn of/in Atlanta's/np$ recent/jj primary/nn election/nn produced/vbd ``/`` no/at evidence/nn ''/'' that/cs any/dti irregularities/nns took/vbd place/nn ./.\n",
    );
    // The output NLTK prints for this sentence (widely reproduced in its documentation and tutorials).
    expect(sentence.tags.map(brownToUniversal).join(' ')).toBe(
      'DET NOUN NOUN ADJ NOUN VERB NOUN DET NOUN ADP NOUN ADJ NOUN NOUN VERB . DET NOUN . ADP DET NOUN VERB NOUN .',
    );
    expect(sentence.tags.slice(0, 3)).toEqual(['AT', 'NP-TL', 'NN-TL']);
  });

  it('applies the documented rule to compound, negated, foreign and unknown tags', () => {
    const cases: [string, string][] = [
      ['NN-TL-HL', 'NOUN'], // markers stripped, repeatedly
      ['FW-NN', 'X'], // foreign words
      ['FW-IN+AT-TL', 'X'],
      ['PPS+BEZ', 'PRON'], // contraction: first part
      ['PPSS+MD', 'PRON'],
      ['WRB+BEZ-TL', 'ADV'],
      ['DOD*', 'VERB'], // negated verb
      ['BEZ*-TL', 'VERB'],
      ['*', 'ADV'], // not, n't
      ['*-HL', 'ADV'],
      ['---HL', '.'],
      ['``', '.'],
      ['nil', 'X'],
      ['np$', 'NOUN'], // any case
      ['ZZZ', 'X'], // unknown → X as NLTK's default
    ];
    for (const [tag, universal] of cases) expect(brownToUniversal(tag), tag).toBe(universal);
    expect(UNIVERSAL_TAGS).toHaveLength(12);
  });
});

describe('Brown file parsing and detokenisation', () => {
  it('splits paragraphs at blank lines and tags at the last slash', () => {
    const paragraphs = parseBrownText('\n\n\tA/at 1/2/cd ./.\nHead/nn-hl\n\n\n\tB/np ./.\n');
    expect(paragraphs.map((p) => p.map((s) => s.words))).toEqual([
      [['A', '1/2', '.'], ['Head']],
      [['B', '.']],
    ]);
    expect(paragraphs[0][1].tags).toEqual(['NN-HL']);
    expect(() => parseBrownText('good/jj bad\n', 'cx99')).toThrow(
      /cx99:1: expected word\/tag tokens, found "bad"/,
    );
  });

  it('joins tokens into readable text', () => {
    const words = [
      '``',
      'Only',
      'a',
      'handful',
      "''",
      ',',
      'the',
      'jury',
      'said',
      '(',
      'in',
      'Atlanta',
      ')',
      ';',
      'Mr.',
      'Allen',
      'Jr.',
      '.',
    ];
    expect(detokenizeBrown(words)).toBe('"Only a handful", the jury said (in Atlanta); Mr. Allen Jr.');
    expect(detokenizeBrown(['He', "didn't", '--', 'not', 'at', '`', 'home', "'", '?'])).toBe(
      "He didn't -- not at 'home'?",
    );
  });
});
