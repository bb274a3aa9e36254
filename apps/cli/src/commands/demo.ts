import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Option } from 'commander';
import { initBackend } from '../lib/backend.js';
import { announceNativeWarning } from '../lib/native-warning.js';
import { type Register, withConfig } from '../program.js';
import { Interrupted, UsageError } from '../util/errors.js';
import { StopSignal } from '../util/interrupt.js';
import { float, int, list } from '../util/parse.js';

const TASKS = ['spam', 'pos', 'genre'];

function defaultRunDir(): string {
  const stamp = new Date().toISOString().replace(/[:]/g, '-').replace(/\..*$/, '');
  return join('runs', `demo-${stamp}`);
}

export const registerDemo: Register = (program, context) => {
  const cmd = program
    .command('demo')
    .description(
      'the main job on embedded data: train an 8k tokenizer on Brown, pretrain a small ALBERT, fine-tune and ' +
        'evaluate on SpamAssassin, Brown POS and Brown genres (vs random init and a baseline), write a report',
    )
    .option('-o, --out <dir>', 'run folder (default runs/demo-<time>)')
    .option(
      '-b, --budget <x>',
      'scale of the run: 1 ≈ 15 minutes on 2 cores, 2 twice the steps, 0.02 a smoke test',
      float(0.001, 100),
      1,
    )
    .option('--seed <n>', 'seed for splits, initialisation and data order', int(0), 42)
    .option('--vocab-size <n>', 'SentencePiece vocabulary size', int(100, 64000), 8000)
    .option('--tasks <list>', `comma-separated subset of ${TASKS.join(',')}`, list, TASKS)
    .option('--plan <json>', 'override parts of the plan (JSON, deep-merged; see src/demo/plan.ts)')
    // Experiments only: fine-tune with the tokenizer and pretrained model of an earlier run, and/or
    // only one of the two initialisations.
    .addOption(
      new Option('--reuse <dir>', 'reuse the tokenizer and pretrained model of a run folder').hideHelp(),
    )
    .addOption(new Option('--inits <list>', 'pretrained,scratch').argParser(list).hideHelp())
    .addHelpText(
      'after',
      '\nExamples:\n  albert demo                      # the default run (≈ 15 min)\n  albert demo --budget 3 -o runs/big\n  albert demo --budget 0.02 --vocab-size 1000   # seconds-long smoke run',
    );
  withConfig(cmd).action(
    async (opts: {
      out?: string;
      budget: number;
      seed: number;
      vocabSize: number;
      tasks: string[];
      plan?: string;
      reuse?: string;
      inits?: string[];
    }) => {
      const { out, globals, io } = context(cmd);
      const bad = opts.tasks.filter((t) => !TASKS.includes(t));
      if (bad.length) throw new UsageError(`unknown task '${bad[0]}' (tasks: ${TASKS.join(', ')})`);
      let planOverrides: Record<string, unknown> | undefined;
      if (opts.plan) {
        try {
          planOverrides = typeof opts.plan === 'string' ? JSON.parse(opts.plan) : opts.plan;
        } catch {
          throw new UsageError(`--plan: not JSON: ${opts.plan}`);
        }
      }
      const badInit = (opts.inits ?? []).find((i) => i !== 'pretrained' && i !== 'scratch');
      if (badInit) throw new UsageError(`unknown init '${badInit}' (inits: pretrained, scratch)`);
      for (const f of opts.reuse
        ? ['tokenizer/spiece.model', 'models/pretrained/model.safetensors', 'summary.json']
        : []) {
        if (!existsSync(join(opts.reuse!, f)))
          throw new UsageError(`--reuse: no ${join(opts.reuse!, f)} (not a finished demo run folder)`);
      }
      const dir = opts.out ?? defaultRunDir();
      if (existsSync(dir) && readdirSync(dir).length > 0) {
        throw new UsageError(`run folder ${dir} exists and is not empty: choose another --out`);
      }
      // Before any work: the back end, and the warning when it runs without the native kernels.
      const backend = await initBackend(globals);
      const warning = announceNativeWarning(backend, globals, out, io.stderr);
      const stop = new StopSignal().install();
      try {
        const { runDemo } = await import('../demo/run-demo.js');
        await runDemo(
          {
            out: dir,
            budget: opts.budget,
            seed: opts.seed,
            vocabSize: opts.vocabSize,
            tasks: opts.tasks,
            planOverrides,
            backend,
            ...(warning ? { warning } : {}),
            ...(opts.reuse ? { reuse: opts.reuse } : {}),
            ...(opts.inits ? { inits: opts.inits as Array<'pretrained' | 'scratch'> } : {}),
          },
          globals,
          out,
          stop,
        );
        if (stop.stopRequested) throw new Interrupted(`demo interrupted; partial results in ${dir}`);
      } finally {
        stop.dispose();
      }
    },
  );
};
