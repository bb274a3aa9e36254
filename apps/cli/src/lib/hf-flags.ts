/**
 * Hugging Face example-script spellings (`run_glue.py`, `run_ner.py`, `run_mlm.py`) accepted as
 * aliases of our flags, so a command line written for transformers works here: the argument list
 * is rewritten before parsing, per command (and `--config` files accept the same keys). Also the
 * old `--max-length` of finetune/evaluate/tokenize, now `--max-seq-length` as in pretrain (one
 * name per concept).
 */

type Aliases = Record<string, string>;

const TRAINING: Aliases = {
  '--learning_rate': '--lr',
  '--per_device_train_batch_size': '--batch-size',
  '--output_dir': '--out',
  '--max_seq_length': '--max-seq-length',
  '--max_steps': '--steps',
  '--warmup_ratio': '--warmup',
  '--weight_decay': '--weight-decay',
  '--seed': '--seed',
};

export const HF_ALIASES: Record<string, Aliases> = {
  finetune: {
    ...TRAINING,
    '--max-length': '--max-seq-length',
    '--model_name_or_path': '--model',
    '--train_file': '--train',
    '--validation_file': '--dev',
    '--num_train_epochs': '--epochs',
  },
  evaluate: {
    '--max-length': '--max-seq-length',
    '--max_seq_length': '--max-seq-length',
    '--model_name_or_path': '--model',
    '--validation_file': '--data',
    '--per_device_eval_batch_size': '--batch-size',
    '--seed': '--seed',
  },
  tokenize: {
    '--max-length': '--max-seq-length',
    '--max_seq_length': '--max-seq-length',
  },
  pretrain: {
    ...TRAINING,
    '--model_name_or_path': '--model-config',
    '--train_file': '--input',
  },
};

/** HF writes whole epochs as floats (`--num_train_epochs 3.0`); ours are integers. */
function value(flag: string, v: string): string {
  return flag === '--num_train_epochs' && /^\d+\.0*$/.test(v) ? String(Number(v)) : v;
}

/** `argv` with the HF spellings of the command it runs replaced by ours (`--flag v` and `--flag=v`). */
export function withHfAliases(argv: readonly string[]): string[] {
  const at = argv.findIndex((a) => Object.hasOwn(HF_ALIASES, a));
  if (at < 0) return [...argv];
  const aliases = HF_ALIASES[argv[at]!]!;
  const out = argv.slice(0, at + 1);
  for (let i = at + 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const ours = aliases[flag];
    if (!ours) out.push(a);
    else if (eq > 0) out.push(`${ours}=${value(flag, a.slice(eq + 1))}`);
    else {
      out.push(ours);
      if (i + 1 < argv.length && flag === '--num_train_epochs') out.push(value(flag, argv[++i]!));
    }
  }
  return out;
}

/** The help line listing a command's HF spellings. */
export function hfAliasHelp(command: string): string {
  const list = Object.entries(HF_ALIASES[command] ?? {})
    .filter(([hf, ours]) => hf !== ours && hf.includes('_'))
    .map(([hf, ours]) => `${hf} = ${ours}`);
  return list.length ? `\nHugging Face example-script spellings work too: ${list.join(', ')}.` : '';
}
