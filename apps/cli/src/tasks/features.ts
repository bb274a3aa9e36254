import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import type { Rng } from '@albert-ts/training';
import {
  type AlignedWords,
  alignWords,
  bucketedBatches,
  type Encoded,
  encodeHeadTail,
  encodeTexts,
  padBatch,
} from '../lib/encode.js';
import type { ChoiceExample, ClsExample, QaExample, TagExample, TaskKind } from './examples.js';

/** Training batches of any task, as nested arrays (the model makes the tensors). */
export type AnyBatch = Record<string, unknown>;

export interface FeatureOptions {
  maxLength: number;
  batchSize: number;
}

/** Text cut to what `maxLength` tokens can hold (≈ 10 characters per piece is generous). */
function clip(text: string, maxLength: number): string {
  return text.length > maxLength * 10 ? text.slice(0, maxLength * 10) : text;
}

/** Classification inputs; with `tail` > 0 a single long text keeps its end too (see `encodeHeadTail`). */
export function encodeCls(
  tok: AlbertTokenizer,
  xs: readonly ClsExample[],
  maxLength: number,
  tail = 0,
): Encoded[] {
  if (tail > 0 && xs.every((x) => x.pair === undefined)) {
    return encodeHeadTail(
      tok,
      xs.map((x) => x.text),
      maxLength,
      tail,
    );
  }
  return encodeTexts(
    tok,
    xs.map((x) =>
      x.pair !== undefined
        ? ([clip(x.text, maxLength), clip(x.pair, maxLength)] as const)
        : clip(x.text, maxLength),
    ),
    maxLength,
  );
}

export function alignTags(
  tok: AlbertTokenizer,
  xs: readonly TagExample[],
  labelIndex: Map<string, number>,
  maxLength: number,
  labelAllPieces = false,
): AlignedWords[] {
  const cache = new Map<string, number[]>();
  return xs.map((s) =>
    alignWords(
      tok,
      s.words,
      s.tags.map((t) => labelIndex.get(t) ?? -100),
      maxLength,
      cache,
      labelAllPieces,
    ),
  );
}

/** `[CLS] question [SEP] context [SEP]` with the answer's token span (0, 0 = no answer in the window). */
export interface QaFeature extends Encoded {
  start: number;
  end: number;
}

/**
 * One window per question (the context is truncated after `maxLength` tokens; an answer beyond
 * the window is labelled as no answer, position 0, as HF's run_qa does for windows without it).
 */
export function qaFeatures(tok: AlbertTokenizer, xs: readonly QaExample[], maxLength: number): QaFeature[] {
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
    return { ids: e.inputIds, typeIds: e.tokenTypeIds, start, end };
  });
}

/** Each option as `[CLS] context [SEP] question option [SEP]`, all options padded to one length. */
export function choiceFeatures(
  tok: AlbertTokenizer,
  xs: readonly ChoiceExample[],
  maxLength: number,
): Encoded[][] {
  return xs.map((x) =>
    x.options.map((opt) => {
      const e = tok.encode(clip(x.context, maxLength), `${x.question} ${opt}`.trim(), {
        maxLength,
        truncation: 'only_first',
      });
      return { ids: e.inputIds, typeIds: e.tokenTypeIds };
    }),
  );
}

/** Pads every option of every example to one length: `[B, C, S]` arrays. */
export function padChoices(items: readonly Encoded[][], padId: number) {
  const len = Math.max(...items.flat().map((e) => e.ids.length));
  const per = items.map((opts) => padBatch(opts, padId, len));
  return {
    inputIds: per.map((p) => p.inputIds),
    attentionMask: per.map((p) => p.attentionMask),
    tokenTypeIds: per.map((p) => p.tokenTypeIds),
  };
}

/** Shuffled, length-bucketed training batches for any task kind. */
export function taskBatches(
  kind: TaskKind,
  feats: {
    cls?: Encoded[];
    targets?: number[];
    tags?: AlignedWords[];
    qa?: QaFeature[];
    choice?: Encoded[][];
    choiceLabels?: number[];
  },
  o: FeatureOptions,
  padId: number,
  rngFor: (epoch: number) => Rng,
): (epoch: number) => Iterable<AnyBatch> {
  const lengths =
    kind === 'token-classification'
      ? feats.tags!.map((e) => e.ids.length)
      : kind === 'qa'
        ? feats.qa!.map((e) => e.ids.length)
        : kind === 'multiple-choice'
          ? feats.choice!.map((opts) => Math.max(...opts.map((e) => e.ids.length)))
          : feats.cls!.map((e) => e.ids.length);
  return function* (epoch: number) {
    const rng = rngFor(epoch);
    for (const idx of bucketedBatches(lengths, o.batchSize, (xs) => rng.shuffle(xs))) {
      switch (kind) {
        case 'classification':
        case 'regression':
          yield {
            ...padBatch(
              idx.map((i) => feats.cls![i]!),
              padId,
            ),
            labels: idx.map((i) => feats.targets![i]!),
          };
          break;
        case 'token-classification': {
          const chosen = idx.map((i) => feats.tags![i]!);
          const p = padBatch(chosen, padId);
          const len = p.inputIds[0]!.length;
          yield {
            ...p,
            labels: chosen.map((e) => e.labels.concat(new Array<number>(len - e.labels.length).fill(-100))),
          };
          break;
        }
        case 'qa': {
          const chosen = idx.map((i) => feats.qa![i]!);
          yield {
            ...padBatch(chosen, padId),
            startPositions: chosen.map((f) => f.start),
            endPositions: chosen.map((f) => f.end),
          };
          break;
        }
        case 'multiple-choice':
          yield {
            ...padChoices(
              idx.map((i) => feats.choice![i]!),
              padId,
            ),
            labels: idx.map((i) => feats.choiceLabels![i]!),
          };
          break;
      }
    }
  };
}
