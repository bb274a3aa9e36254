import * as evaluation from '@albert-ts/evaluation';
import { describe, expect, expectTypeOf, it } from 'vitest';
import * as datasets from '../src/index.js';

// The domain types are defined once, in @albert-ts/evaluation; datasets re-exports them.
describe('one vocabulary with @albert-ts/evaluation', () => {
  it('uses the same types', () => {
    expectTypeOf<datasets.SquadQuestion>().toEqualTypeOf<evaluation.SquadQuestion>();
    expectTypeOf<datasets.SquadAnswer>().toEqualTypeOf<evaluation.SquadAnswer>();
    expectTypeOf<datasets.SquadParagraph>().toEqualTypeOf<evaluation.SquadParagraph>();
    expectTypeOf<datasets.SquadArticle>().toEqualTypeOf<evaluation.SquadArticle>();
    expectTypeOf<datasets.GlueTask>().toEqualTypeOf<evaluation.GlueTask>();
    expectTypeOf<datasets.RaceLevel>().toEqualTypeOf<evaluation.RaceLevel>();
  });

  it('parseSquad output scores with the SQuAD metrics as it is', () => {
    const context = 'The capital of France is Paris.';
    const { data } = datasets.parseSquad({
      version: '1.1',
      data: [
        {
          title: 'France',
          paragraphs: [
            {
              context,
              qas: [{ id: 'q1', question: 'Capital?', answers: [{ text: 'Paris', answer_start: 25 }] }],
            },
          ],
        },
      ],
    });
    expect(evaluation.squadV1(data, { q1: 'Paris' })).toEqual({ exact_match: 100, f1: 100 });
  });

  it('rejects the GLUE names it has no files for', () => {
    expect(() => datasets.glueFileName('hans' as never, 'dev')).toThrow(/unknown GLUE task/);
    expect(() => evaluation.normalizeGlueTask('ax')).toThrow(/unknown GLUE task/);
    expect(datasets.RACE_LEVELS.every((l) => evaluation.raceLevelOf(`${l}1.txt`) === l)).toBe(true);
  });
});
