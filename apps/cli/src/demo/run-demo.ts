import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { type BackendStatus, initBackend } from '../lib/backend.js';
import { backendInWords, type NativeWarning } from '../lib/native-warning.js';
import type { GlobalOptions } from '../program.js';
import { renderReportHtml } from '../report/report-html.js';
import { markdownTable, textTable } from '../report/table.js';
import type { StopSignal } from '../util/interrupt.js';
import type { Output } from '../util/output.js';
import { attentionExample } from './attention-example.js';
import type { TaskContext } from './finetune-run.js';
import { type DemoPlan, demoPlan } from './plan.js';
import { choosePlan, type PlanChoice } from './plan-by-speed.js';
import { demoConfig, pretrainPhase } from './pretrain-phase.js';
import { demoReport } from './report.js';
import type { DemoResults } from './results.js';
import { reuseRun } from './reuse-run.js';
import { probeTrainingStep } from './speed-probe.js';
import { planLines, summaryTable } from './summary.js';
import { runDemoTasks } from './tasks.js';
import { trainTokenizerPhase } from './tokenizer-phase.js';

export interface DemoOptions {
  out: string;
  budget: number;
  seed: number;
  vocabSize: number;
  /** Replace parts of the plan (tests, experiments): deep-merged over demoPlan(budget). */
  planOverrides?: Partial<Record<keyof DemoPlan, unknown>>;
  tasks: string[];
  /**
   * Experiments: take the tokenizer and the pretrained model from an earlier run folder instead of
   * training them (phases 1–2 are skipped; the pretraining figures are that run's).
   */
  reuse?: string;
  /** Experiments: which fine-tuning runs to do per task (default both). */
  inits?: Array<'pretrained' | 'scratch'>;
  /** The back end, when the command set it up already (else runDemo does). */
  backend?: BackendStatus;
  /** The native-kernels warning the command printed, for the report's banner. */
  warning?: NativeWarning;
}

export function machineLine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model.trim() ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}-${process.arch}`;
}

function merge<T>(base: T, over: unknown): T {
  if (!over || typeof over !== 'object' || Array.isArray(over)) return (over ?? base) as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over as Record<string, unknown>)) {
    out[k] = v && typeof v === 'object' && !Array.isArray(v) ? merge(out[k], v) : v;
  }
  return out as T;
}

/**
 * The plan: demoPlan(budget) chosen by the measured speed of a training step (see choosePlan), then
 * the --plan overrides (which win). With `fixedSteps` the step counts are exact, so speed does not
 * enter and nothing is probed.
 */
async function planBySpeed(opts: DemoOptions, backend: BackendStatus, out: Output): Promise<PlanChoice> {
  const base = demoPlan(opts.budget, opts.vocabSize);
  const overrides = opts.planOverrides ?? {};
  const fixed = merge(base, overrides).fixedSteps;
  if (fixed) {
    return {
      path: 'default',
      plan: merge(base, overrides),
      slowdown: Number.NaN,
      probes: [],
      expectedPosPasses: Number.NaN,
      notes: [],
    };
  }
  out.info('measuring the speed of a training step on this back end …');
  const choice = await choosePlan(
    base,
    (model) => probeTrainingStep({ model, vocabSize: opts.vocabSize, seed: opts.seed }),
    { native: backend.native },
  );
  for (const p of choice.probes)
    out.event(
      'probe',
      { msPerStep: p.msPerStep, steps: p.steps, batch: p.batch, model: p.model },
      `  probe: H ${p.model.hiddenSize}, ${p.model.numHiddenLayers} layer(s), batch ${p.batch.join(' × ')}: ${Math.round(p.msPerStep)} ms per step`,
    );
  out.event(
    'plan-choice',
    { path: choice.path, slowdown: choice.slowdown, notes: choice.notes },
    choice.notes.map((n) => `  ${n}`).join('\n'),
  );
  const overridden = Object.keys(overrides).length > 0;
  return {
    ...choice,
    plan: merge(choice.plan, overrides),
    notes: overridden
      ? [...choice.notes, '--plan overrides were applied on top of this plan.']
      : choice.notes,
  };
}

export const SENTENCE = 'The jury said it did not find any evidence of irregularities in the election.';

/** The main job: tokenizer → pretraining → three fine-tuned tasks vs scratch vs baseline → report. */
export async function runDemo(
  opts: DemoOptions,
  globals: GlobalOptions,
  out: Output,
  stop: StopSignal,
): Promise<DemoResults> {
  const started = new Date();
  const t0 = Date.now();
  const timings: Array<[string, number]> = [];
  let last = Date.now();
  const lap = (name: string) => {
    const now = Date.now();
    timings.push([name, (now - last) / 1000]);
    last = now;
  };
  const runDir = opts.out;
  mkdirSync(join(runDir, 'logs'), { recursive: true });
  const backend: BackendStatus = opts.backend ?? (await initBackend(globals));
  out.event(
    'start',
    { runDir, budget: opts.budget, seed: opts.seed, backend },
    `albert demo → ${runDir} (budget ${opts.budget}, seed ${opts.seed}, ${backend.backend}${backend.native ? ' + native' : ''})`,
  );
  const choice = await planBySpeed(opts, backend, out);
  const plan = choice.plan;
  lap('speed probe');
  const phase = (i: number, text: string) =>
    out.event('phase', { phase: i, of: 5, text }, `\n[${i}/5] ${text}`);

  phase(1, 'loading the embedded corpora (Brown, SpamAssassin)');
  const ds = await import('@albert-ts/datasets/node');
  const docs = await ds.loadBrownDocumentSplits({ seed: opts.seed });
  lap('load data');

  const reused = opts.reuse ? await reuseRun(opts.reuse) : undefined;
  if (reused) out.info(`  reusing the tokenizer and pretrained model of ${opts.reuse}`);
  else phase(1, `training a ${plan.vocabSize}-piece unigram SentencePiece model on Brown (train documents)`);
  const tok =
    reused?.tokenizer ??
    (await trainTokenizerPhase({
      sentences: docs.train.flatMap((d) => d.sentences),
      heldOut: docs.dev.flatMap((d) => d.sentences).slice(0, 2000),
      vocabSize: plan.vocabSize,
      limit: plan.tokenizerSentences,
      dir: join(runDir, 'tokenizer'),
      out,
    }));
  out.info(
    `  ${tok.vocabSize} pieces from ${tok.sentences} sentences in ${tok.seconds.toFixed(1)} s; ${tok.piecesPerSentence.toFixed(1)} pieces per held-out sentence`,
  );
  lap('tokenizer');

  if (!reused)
    phase(
      2,
      `pretraining a small ALBERT (MLM + SOP, LAMB) on Brown: ${Math.round(plan.pretrain.seconds)} s budget, batch ${plan.pretrain.batchSize} × ${plan.pretrain.maxSeqLength}`,
    );
  const config = reused?.config ?? (await demoConfig(plan, tok.tokenizer));
  const pre =
    reused?.pre ??
    (await pretrainPhase({
      plan,
      config,
      tokenizer: tok.tokenizer,
      tokenizerPath: tok.modelPath,
      trainDocs: docs.train.map((d) => d.sentences),
      heldOutDocs: docs.dev.map((d) => d.sentences),
      seed: opts.seed,
      runDir,
      out,
      stop,
    }));
  out.info(
    `  held out: MLM accuracy ${pre.result.heldOut.mlm_accuracy?.toFixed(3)}, SOP accuracy ${pre.result.heldOut.sop_accuracy?.toFixed(3)}`,
  );
  const attention = await attentionExample(pre.model, tok.tokenizer, SENTENCE);
  pre.model.dispose();
  lap('pretraining');

  const ctx = (key: keyof DemoPlan): TaskContext => ({
    plan: plan[key] as TaskContext['plan'],
    config,
    tokenizer: tok.tokenizer,
    tokenizerPath: tok.modelPath,
    pretrainedWeights: pre.weights,
    fixedSteps: plan.fixedSteps,
    seed: opts.seed,
    runDir,
    out,
    stop,
    ...(opts.inits ? { inits: opts.inits } : {}),
  });
  const tasks = await runDemoTasks(opts.tasks, plan, ctx, {
    phase,
    lap,
    stop,
    seed: opts.seed,
  });

  const results: DemoResults = {
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: (Date.now() - t0) / 1000,
    machine: machineLine(),
    backend,
    ...(opts.warning ? { warning: opts.warning } : {}),
    planChoice: {
      path: choice.path,
      slowdown: choice.slowdown,
      expectedPosPasses: choice.expectedPosPasses,
      probes: choice.probes,
      notes: choice.notes,
    },
    budget: opts.budget,
    seed: opts.seed,
    settings: { budget: opts.budget, seed: opts.seed, plan },
    tokenizer: {
      vocabSize: tok.vocabSize,
      sentences: tok.sentences,
      seconds: tok.seconds,
      modelPath: tok.modelPath,
      piecesPerSentence: tok.piecesPerSentence,
      example: tok.example,
    },
    pretrain: pre.result,
    tasks,
    attention,
    timings,
  };
  writeFileSync(join(runDir, 'summary.json'), JSON.stringify(results, null, 2));
  const table = summaryTable(results);
  writeFileSync(
    join(runDir, 'summary.md'),
    `Measured ${results.finishedAt.slice(0, 10)} on ${results.machine}; back end ${backendInWords(backend)}; ${Math.round(results.seconds)} s total.\n\n${markdownTable(table)}\n${planLines(
      results,
    )
      .map((l) => `\n${l}`)
      .join('')}\n`,
  );
  writeFileSync(join(runDir, 'report.html'), renderReportHtml(demoReport(results)));
  out.print(
    `\n${textTable(table)}\n${planLines(results)
      .map((l) => `\n${l}`)
      .join('')}\n\ntotal ${Math.round(results.seconds)} s; report: ${join(runDir, 'report.html')}`,
  );
  if (out.json) out.result({ event: 'summary', runDir, seconds: results.seconds, summary: table });
  return results;
}
