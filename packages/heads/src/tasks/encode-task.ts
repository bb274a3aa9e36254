import { AlbertError } from '@albert-ts/core';
import type { AlbertTokenizer } from '@albert-ts/tokenizer';
import { encodeTextExamples } from './encode-text.js';
import { choiceInputs, qaInputs } from './qa-choice-inputs.js';
import type { TaskEncodeOptions, TaskExamples, TaskInputs, TaskKind, TextExample } from './task-types.js';
import { alignWords } from './word-alignment.js';

function labelIndex(labelNames: readonly string[] | undefined, what: string): Map<string, number> {
  if (!labelNames?.length) throw new AlbertError('INVALID_INPUT', `${what}: labelNames are required`);
  return new Map(labelNames.map((l, i) => [l, i]));
}

/** Class ids of the examples' labels; an unknown label is an error naming the example and label. */
export function classIds(
  xs: readonly Pick<TextExample, 'id' | 'label'>[],
  labelNames: readonly string[],
): number[] {
  const index = labelIndex(labelNames, 'classIds');
  return xs.map((x) => {
    const id = index.get(String(x.label));
    if (id === undefined) {
      throw new AlbertError(
        'INVALID_INPUT',
        `example ${x.id}: label '${x.label}' is not one of the model's labels (${labelNames.join(', ')})`,
      );
    }
    return id;
  });
}

/**
 * The training inputs of a task: each example encoded (unpadded) with its targets, in the fields
 * a head model's `call` takes (`labels`, `startPositions`/`endPositions`). Tags that are not in
 * `labelNames` are ignored (-100); classification labels must all be known.
 */
export function encodeTaskInputs<K extends TaskKind>(
  kind: K,
  tok: AlbertTokenizer,
  examples: readonly TaskExamples[K][],
  o: TaskEncodeOptions,
): TaskInputs[K][] {
  const out = ((): unknown[] => {
    switch (kind) {
      case 'classification':
      case 'regression': {
        const xs = examples as readonly TextExample[];
        const targets =
          kind === 'regression' ? xs.map((x) => Number(x.label)) : classIds(xs, o.labelNames ?? []);
        return encodeTextExamples(tok, xs, o.maxLength, kind === 'classification' ? (o.tail ?? 0) : 0).map(
          (e, i) => ({ ...e, labels: targets[i]! }),
        );
      }
      case 'token-classification': {
        const index = labelIndex(o.labelNames, 'encodeTaskInputs(token-classification)');
        const cache = new Map<string, number[]>();
        return (examples as readonly TaskExamples['token-classification'][]).map((s) =>
          alignWords(
            tok,
            s.words,
            s.tags.map((t) => index.get(t) ?? -100),
            o.maxLength,
            cache,
            o.labelAllPieces ?? false,
          ),
        );
      }
      case 'qa':
        return qaInputs(tok, examples as readonly TaskExamples['qa'][], o.maxLength);
      case 'multiple-choice': {
        const xs = examples as readonly TaskExamples['multiple-choice'][];
        return choiceInputs(tok, xs, o.maxLength).map((options, i) => ({ options, labels: xs[i]!.label }));
      }
    }
    throw new AlbertError('INVALID_INPUT', `encodeTaskInputs: unknown task kind '${String(kind)}'`);
  })();
  return out as TaskInputs[K][];
}
