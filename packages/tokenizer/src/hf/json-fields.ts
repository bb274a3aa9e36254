/** Typed access to fields of parsed JSON, each failure a CONFIG_INVALID naming file and field. */
import { describeValue, fieldError } from '../errors.js';

export type Json = Record<string, unknown>;

export class Fields {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly value: Json,
  ) {}

  /** Wraps `value`, which must be a JSON object. */
  static of(file: string, path: string, value: unknown): Fields {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw fieldError(file, path || '(top level)', 'an object', describeValue(value));
    }
    return new Fields(file, path, value as Json);
  }

  at(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }

  fail(key: string, expected: string, found: unknown = this.value[key]): Error {
    return fieldError(this.file, this.at(key), expected, describeValue(found));
  }

  obj(key: string): Fields {
    return Fields.of(this.file, this.at(key), this.value[key]);
  }

  str(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string') throw this.fail(key, 'a string');
    return v;
  }

  bool(key: string, fallback?: boolean): boolean {
    const v = this.value[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'boolean') throw this.fail(key, 'true or false');
    return v;
  }

  int(key: string, min: number, max: number): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw this.fail(key, `an integer in [${min}, ${max}]`);
    }
    return v;
  }

  arr(key: string): unknown[] {
    const v = this.value[key];
    if (!Array.isArray(v)) throw this.fail(key, 'an array');
    return v;
  }

  /** `type` of a tagged component. */
  get type(): string {
    return this.str('type');
  }
}

/** Parses JSON text or UTF-8 bytes (a parse failure names the file). */
export function parseJson(file: string, input: string | Uint8Array | object): unknown {
  if (typeof input === 'object' && !(input instanceof Uint8Array)) return input;
  const text = typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: false }).decode(input);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw fieldError(file, '(top level)', 'valid JSON', (e as Error).message);
  }
}
