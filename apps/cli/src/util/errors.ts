/**
 * Exit-code policy of the `albert` command: 0 success, 2 bad usage (the user can fix the
 * command line or an input file), 1 failure (something broke while running). Both print ONE line.
 */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure while running a well-formed command (exit code 1). */
export class CliFailure extends Error {
  readonly exitCode = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CliFailure';
  }
}

/** Interrupted by SIGINT after a clean shutdown (exit code 130, as shells report Ctrl-C). */
export class Interrupted extends Error {
  readonly exitCode = 130;
  constructor(message: string) {
    super(message);
    this.name = 'Interrupted';
  }
}

/** The message of anything thrown, flattened to one line. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s*\n\s*/g, ' ').trim();
}

/**
 * A required setting (checked after the --config file is applied, which is why commander's own
 * requiredOption is not used).
 */
export function need<T>(value: T | undefined | null, flag: string): T {
  if (value === undefined || value === null || value === '')
    throw new UsageError(`missing required option ${flag}`);
  return value;
}
