/** Where an evaluation stands; passed to `onProgress` after every batch. */
export interface EvaluationProgress {
  /** Examples predicted so far. */
  done: number;
  /** Total examples, when known (an array, or `options.total`). */
  total?: number;
  /** Batches predicted so far. */
  batches: number;
  elapsedMs: number;
  /** Examples per second so far. */
  rate: number;
  /** Estimated time left, when the total is known. */
  etaMs?: number;
}

/** Something a progress line can be written to (a Node stream, or anything with `write`). */
export interface ProgressSink {
  /** Writes `text` (a progress line; a leading carriage return redraws it on a TTY). */
  write(text: string): unknown;
  /** When true the line is redrawn in place (carriage return); otherwise a line is printed every ~10%. */
  isTTY?: boolean;
}

function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** One human-readable progress line, e.g. "mrpc 128/408 (31%) 45.2 ex/s eta 6s". */
export function formatProgress(label: string, p: EvaluationProgress): string {
  const count =
    p.total !== undefined
      ? `${p.done}/${p.total} (${p.total > 0 ? Math.floor((100 * p.done) / p.total) : 100}%)`
      : `${p.done}`;
  const eta = p.etaMs !== undefined ? ` eta ${fmtDuration(p.etaMs)}` : '';
  return `${label} ${count} ${p.rate.toFixed(1)} ex/s${eta}`;
}

/** The default sink: the process's stderr when there is one (Node), else nothing (browsers). */
export function defaultSink(): ProgressSink | null {
  const proc = (globalThis as { process?: { stderr?: ProgressSink } }).process;
  return proc?.stderr && typeof proc.stderr.write === 'function' ? proc.stderr : null;
}

/** A progress reporter writing to a sink: in place on a TTY, otherwise every ~10% (or every 10 batches). */
export function progressPrinter(
  label: string,
  sink: ProgressSink,
): {
  update(p: EvaluationProgress): void;
  finish(p: EvaluationProgress): void;
} {
  let lastDecile = -1;
  return {
    update(p) {
      if (sink.isTTY) {
        sink.write(`\r${formatProgress(label, p)}\x1b[K`);
        return;
      }
      const decile = p.total ? Math.floor((10 * p.done) / p.total) : Math.floor(p.batches / 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        sink.write(`${formatProgress(label, p)}\n`);
      }
    },
    finish(p) {
      sink.write(sink.isTTY ? `\r${formatProgress(label, p)}\x1b[K\n` : `${formatProgress(label, p)} done\n`);
    },
  };
}
