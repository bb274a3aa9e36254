import { readFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { oneLine, UsageError } from './errors.js';
import { requireFile } from './files.js';

/**
 * Run settings from a JSON or YAML file (`--config run.yaml`). Keys are the command's long option
 * names, in kebab-case or camelCase; a top-level key named after the command may hold that
 * command's section, so one file can serve `pretrain` and `finetune`. Flags on the command line
 * win over the file; the file wins over defaults. An unknown key is a usage error, never ignored,
 * because a misspelt setting silently falling back to its default wastes a training run.
 */
export function loadSettingsFile(path: string): Record<string, unknown> {
  const file = requireFile(path, 'config file');
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    data = /\.json$/i.test(file) ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new UsageError(`config file ${path}: cannot parse: ${oneLine(err)}`);
  }
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new UsageError(`config file ${path}: expected a mapping of setting names to values`);
  }
  return data as Record<string, unknown>;
}

function camel(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function optionFor(cmd: Command, key: string): Option | undefined {
  const k = camel(key);
  return (
    cmd.options.find((o) => o.attributeName() === k && !o.negate) ??
    cmd.options.find((o) => o.attributeName() === k)
  );
}

/**
 * The option a settings key names, through `aliases` (`--old-or-hf_name` → `--ours`, as the command
 * line rewrites them) when the key is not an option itself: `max-length`, `maxLength` and
 * `max_seq_length` all reach `--max-seq-length`.
 */
function optionOrAlias(cmd: Command, key: string, aliases: Record<string, string>): Option | undefined {
  const own = optionFor(cmd, key);
  if (own) return own;
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const ours = aliases[`--${key}`] ?? aliases[`--${kebab}`];
  return ours ? optionFor(cmd, ours.replace(/^--/, '')) : undefined;
}

/**
 * Applies a settings file to `cmd`'s option values (see loadSettingsFile); `aliases` are the
 * command's other spellings of its flags (hf-flags), accepted as keys too.
 */
export function applySettings(
  cmd: Command,
  settings: Record<string, unknown>,
  path: string,
  aliases: Record<string, string> = {},
): void {
  const section = settings[cmd.name()];
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(settings)) {
    if (k === cmd.name() && v && typeof v === 'object' && !Array.isArray(v)) continue;
    if (isOtherCommandSection(cmd, k, v)) continue;
    flat[k] = v;
  }
  if (section && typeof section === 'object' && !Array.isArray(section)) Object.assign(flat, section);
  for (const [key, value] of Object.entries(flat)) {
    if (key === 'config') throw new UsageError(`config file ${path}: 'config' cannot name another file`);
    const opt = optionOrAlias(cmd, key, aliases);
    if (!opt) {
      const known = cmd.options
        .filter((o) => !o.negate && o.long !== '--config')
        .map((o) => o.long?.replace(/^--/, ''))
        .join(', ');
      throw new UsageError(
        `config file ${path}: unknown setting '${key}' for '${cmd.name()}' (known: ${known})`,
      );
    }
    const attr = opt.attributeName();
    const source = cmd.getOptionValueSource(attr);
    if (source === 'cli' || source === 'env') continue;
    cmd.setOptionValueWithSource(attr, coerce(opt, value, key, path), 'config');
  }
}

function isOtherCommandSection(cmd: Command, key: string, value: unknown): boolean {
  const root = cmd.parent;
  if (!root || !value || typeof value !== 'object' || Array.isArray(value)) return false;
  return root.commands.some((c) => c.name() === key);
}

function coerce(opt: Option, value: unknown, key: string, path: string): unknown {
  const bad = (what: string) =>
    new UsageError(`config file ${path}: setting '${key}' expects ${what}, found ${JSON.stringify(value)}`);
  // A `--no-x` option's attribute is `x` itself, so `x: false` in the file means exactly that.
  if (opt.isBoolean() || opt.negate) {
    if (typeof value !== 'boolean') throw bad('true or false');
    return value;
  }
  if (Array.isArray(value)) {
    if (!opt.variadic) throw bad('a single value');
    return value.map((v) => parseValue(opt, v, key, path));
  }
  if (value !== null && typeof value === 'object') {
    // Options documented as taking JSON (`--plan <json>`) accept a mapping in the file.
    if (/<json>/.test(opt.flags)) return JSON.stringify(value);
    throw bad('a number or a string');
  }
  return parseValue(opt, value, key, path);
}

function parseValue(opt: Option, value: unknown, key: string, path: string): unknown {
  const raw = String(value);
  if (opt.argChoices && !opt.argChoices.includes(raw)) {
    throw new UsageError(
      `config file ${path}: setting '${key}' must be one of ${opt.argChoices.join(', ')}, found '${raw}'`,
    );
  }
  if (!opt.parseArg) return value;
  try {
    return opt.parseArg(raw, undefined);
  } catch (err) {
    throw new UsageError(`config file ${path}: setting '${key}': ${oneLine(err)}`);
  }
}
