import { COMMANDS } from './commands/index.js';
import { buildProgram, type Io, runProgram } from './program.js';

/** Runs `albert <argv>` and resolves to the exit code. */
export async function run(argv: string[], io?: Partial<Io>): Promise<number> {
  const full: Io = {
    stdout: io?.stdout ?? process.stdout,
    stderr: io?.stderr ?? process.stderr,
    tty: io?.tty ?? Boolean(process.stderr.isTTY),
  };
  return runProgram(buildProgram(full, COMMANDS), argv, full);
}
