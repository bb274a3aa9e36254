/** Checks of token ids given by callers. */
import { describeValue, TokenizerError } from './errors.js';

export function checkIdList(ids: unknown, what: string, size: number): asserts ids is ArrayLike<number> {
  if (ids === null || typeof ids !== 'object' || typeof (ids as ArrayLike<number>).length !== 'number') {
    throw new TokenizerError('INVALID_INPUT', `${what} expects an array of ids, got ${describeValue(ids)}`);
  }
  const list = ids as ArrayLike<unknown>;
  for (let i = 0; i < list.length; i++) checkId(list[i], `${what}: ids[${i}]`, size);
}

export function checkId(id: unknown, what: string, size: number): asserts id is number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= size) {
    throw new TokenizerError(
      'ID_OUT_OF_RANGE',
      `${what} is ${describeValue(id)}; ids must be integers in [0, ${size})`,
    );
  }
}
