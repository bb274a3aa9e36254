import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { clipText } from './encode-text.js';
import type { ChoiceExample, EncodedInput, QaExample, QaInput } from './task-types.js';

/**
 * One window per question (the context is truncated after `maxLength` tokens; an answer beyond
 * the window is labelled as no answer, position 0, as HF's run_qa does for windows without it).
 */
export function qaInputs(tok: AlbertTokenizer, xs: readonly QaExample[], maxLength: number): QaInput[] {
  return xs.map((x) => {
    const e = tok.encode(x.question, x.context, {
      maxLength,
      truncation: 'only_second',
      returnOffsets: true,
    });
    let start = 0;
    let end = 0;
    if (!x.isImpossible && x.answers.text.length > 0) {
      const a0 = x.answers.answerStart[0]!;
      const a1 = a0 + x.answers.text[0]!.length;
      const offs = e.offsets!;
      const ctx: number[] = [];
      e.tokenTypeIds.forEach((t, i) => {
        if (t === 1 && e.inputIds[i] !== tok.sepTokenId) ctx.push(i);
      });
      const s = ctx.find((i) => offs[i]![1] > a0);
      const f = [...ctx].reverse().find((i) => offs[i]![0] < a1);
      const last = ctx.at(-1);
      if (s !== undefined && f !== undefined && last !== undefined && offs[last]![1] >= a1 && f >= s) {
        start = s;
        end = f;
      }
    }
    return { inputIds: e.inputIds, tokenTypeIds: e.tokenTypeIds, startPositions: start, endPositions: end };
  });
}

/** Each option as `[CLS] context [SEP] question option [SEP]` (the context truncated first). */
export function choiceInputs(
  tok: AlbertTokenizer,
  xs: readonly Pick<ChoiceExample, 'context' | 'question' | 'options'>[],
  maxLength: number,
): EncodedInput[][] {
  return xs.map((x) =>
    x.options.map((opt) => {
      const e = tok.encode(clipText(x.context, maxLength), `${x.question} ${opt}`.trim(), {
        maxLength,
        truncation: 'only_first',
      });
      return { inputIds: e.inputIds, tokenTypeIds: e.tokenTypeIds };
    }),
  );
}
