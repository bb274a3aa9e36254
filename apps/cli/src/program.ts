import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { HF_ALIASES, hfAliasHelp, withHfAliases } from './lib/hf-flags.js';
import { CliFailure, Interrupted, oneLine, UsageError } from './util/errors.js';
import { Output } from './util/output.js';
import { applySettings, loadSettingsFile } from './util/settings.js';

export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stderr is a terminal (progress bars). */
  tty?: boolean;
}

export interface GlobalOptions {
  json: boolean;
  quiet: boolean;
  backend?: string;
  native: boolean;
  debug: boolean;
}

/** What every command's action receives besides its own options. */
export interface Context {
  out: Output;
  globals: GlobalOptions;
  io: Io;
}

export type Register = (program: Command, context: (cmd: Command) => Context) => void;

/** The installed package's version (what a release set), read once from its package.json. */
function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Adds the options every command shares (`--config`). */
export function withConfig(cmd: Command): Command {
  return cmd.option('-c, --config <file>', 'read settings from a JSON or YAML file (flags win)');
}

export function buildProgram(io: Io, commands: Register[]): Command {
  const program = new Command('albert');
  program
    .description(
      'ALBERT in TypeScript: train tokenizers, pretrain, fine-tune, evaluate, predict, and the demo',
    )
    .version(cliVersion(), '-V, --version')
    .option('--json', 'machine-readable output: one JSON object per line on stdout', false)
    .option('-q, --quiet', 'no progress or log lines', false)
    .addOption(new Option('--backend <name>', 'TensorFlow.js back end').choices(['wasm', 'cpu']))
    .option('--no-native', 'do not use the native BLAS kernels even if they are installed')
    .option('--debug', 'print stack traces on failure', false)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Errors are printed once, as one line, by run(); commander's own printing is muted.
      outputError: () => {},
    });
  const context = (cmd: Command): Context => {
    const g = cmd.optsWithGlobals() as GlobalOptions;
    const globals: GlobalOptions = {
      json: Boolean(g.json),
      quiet: Boolean(g.quiet),
      backend: g.backend,
      native: g.native !== false,
      debug: Boolean(g.debug),
    };
    return {
      globals,
      io,
      out: new Output({
        json: globals.json,
        quiet: globals.quiet,
        stdout: io.stdout,
        stderr: io.stderr,
        tty: io.tty,
      }),
    };
  };
  program.hook('preAction', (_root, action) => {
    const file = action.opts().config as string | undefined;
    if (file) applySettings(action, loadSettingsFile(file), file, HF_ALIASES[action.name()]);
  });
  for (const register of commands) register(program, context);
  for (const cmd of program.commands)
    if (Object.hasOwn(HF_ALIASES, cmd.name())) cmd.addHelpText('after', hfAliasHelp(cmd.name()));
  return program;
}

/** Parses and runs; returns the exit code (never throws, never prints a stack trace unless --debug). */
export async function runProgram(program: Command, argv: string[], io: Io): Promise<number> {
  const debug = argv.includes('--debug') || process.env.ALBERT_DEBUG === '1';
  try {
    await program.parseAsync(withHfAliases(argv), { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return 0;
      // `albert` alone prints the help (to stderr) and is a usage error.
      if (err.code === 'commander.help' || err.code === 'commander.executeSubCommandAsync') return 2;
      io.stderr.write(`albert: ${oneLine(err.message.replace(/^error: /, ''))}\n`);
      return 2;
    }
    if (err instanceof UsageError) {
      io.stderr.write(`albert: ${oneLine(err.message)}\n`);
      return 2;
    }
    if (err instanceof Interrupted) {
      io.stderr.write(`albert: ${oneLine(err.message)}\n`);
      return 130;
    }
    const msg =
      err instanceof CliFailure ? err.message : `${(err as Error)?.name ?? 'Error'}: ${oneLine(err)}`;
    const hint = debug || err instanceof CliFailure ? '' : ' (--debug shows the stack trace)';
    io.stderr.write(`albert: ${oneLine(msg)}${hint}\n`);
    if (debug && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
    return 1;
  }
}
