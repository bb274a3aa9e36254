import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import type { EvalRecord, LogRecord, TrainerCallback } from '../trainer/types.js';
import { dropRedoneRecords } from './jsonl-redo.js';

/**
 * Appends one JSON object per log step (and per evaluation, with `"type": "eval"`) to a JSONL
 * file. Appends synchronously so a killed process loses at most the line being written. When the
 * Trainer starts from a resumed checkpoint, the records after its step are removed first: those
 * steps run again and log again, so the file never holds the same step twice.
 */
export function jsonlLogger(path: string): TrainerCallback {
  mkdirSync(dirname(path), { recursive: true });
  const write = (o: object) => appendFileSync(path, `${JSON.stringify(o)}\n`);
  return {
    onTrainBegin: ({ step, resumed }) => {
      if (resumed) dropRedoneRecords(path, step);
    },
    onLog: (r: LogRecord) => write({ type: 'train', ...r }),
    onEvaluate: (r: EvalRecord) =>
      write({ type: 'eval', step: r.step, epoch: r.epoch, isBest: r.isBest, ...r.metrics }),
  };
}

/**
 * A terminal progress bar (cli-progress) showing step, loss and learning rate. Does nothing when
 * the stream is not a TTY (CI logs, pipes), so it is safe to always add.
 */
export function progressBar(opts: { stream?: NodeJS.WriteStream; force?: boolean } = {}): TrainerCallback {
  const stream = opts.stream ?? process.stderr;
  if (!opts.force && !stream.isTTY) return {};
  let bar: cliProgress.SingleBar | null = null;
  return {
    onTrainBegin({ step, maxSteps }) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: 'train [{bar}] {value}/{total} | loss {loss} | lr {lr} | {eta_formatted} left',
          hideCursor: true,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Number.isFinite(maxSteps) ? maxSteps : step + 1, step, { loss: '-', lr: '-' });
    },
    onStepEnd({ step, loss, lr }) {
      bar?.update(step, { loss: loss.toFixed(4), lr: lr.toExponential(2) });
    },
    onTrainEnd() {
      bar?.stop();
      bar = null;
    },
  };
}
