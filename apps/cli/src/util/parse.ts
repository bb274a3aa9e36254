import { InvalidArgumentError } from 'commander';

/** Option-argument parsers: a bad value becomes commander's one-line usage error (exit 2). */
export function int(min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^[-+]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
      throw new InvalidArgumentError(`expected an integer, found '${value}'`);
    }
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected an integer in [${min}, ${max}], found ${n}`);
    return n;
  };
}

export function float(min = -Infinity, max = Infinity) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n))
      throw new InvalidArgumentError(`expected a number, found '${value}'`);
    if (n < min || n > max)
      throw new InvalidArgumentError(`expected a number in [${min}, ${max}], found ${n}`);
    return n;
  };
}

/** Comma-separated list. */
export function list(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
