import { SingleBar } from 'cli-progress';

export interface OutputOptions {
  /** One JSON object per line on stdout (results and events), nothing else on stdout. */
  json?: boolean;
  /** No progress or log lines (results are still written). */
  quiet?: boolean;
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
  /** Whether stderr is a terminal (progress bars); defaults to process.stderr.isTTY. */
  tty?: boolean;
}

export interface Progress {
  /** Sets the position and optional fields shown next to the bar (loss, lr, ...). */
  update(value: number, fields?: Record<string, number | string>): void;
  /** Extends or shrinks the total (when it is discovered while running). */
  setTotal(total: number): void;
  stop(): void;
}

function fmt(v: unknown): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    const a = Math.abs(v);
    return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(2) : v.toFixed(4);
  }
  return String(v);
}

function fieldsText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${fmt(v)}`)
    .join(' ');
}

/**
 * Where the CLI writes. Results go to stdout (as JSON lines with --json); human logs and progress go
 * to stderr, so `albert predict ... > out.jsonl` stays clean. With --json, events and progress are
 * JSON lines on stdout too (machine consumers read one stream).
 */
export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  private readonly out: NodeJS.WritableStream;
  private readonly err: NodeJS.WritableStream;
  private readonly tty: boolean;
  private active: SingleBar | undefined;

  constructor(opts: OutputOptions = {}) {
    this.json = opts.json ?? false;
    this.quiet = opts.quiet ?? false;
    this.out = opts.stdout ?? process.stdout;
    this.err = opts.stderr ?? process.stderr;
    this.tty = opts.tty ?? Boolean((process.stderr as { isTTY?: boolean }).isTTY);
  }

  /** A result: a JSON line with --json, else `text` (or the object as JSON) on stdout. */
  result(obj: Record<string, unknown>, text?: string): void {
    if (this.json) this.writeOut(JSON.stringify(obj));
    else this.writeOut(text ?? JSON.stringify(obj));
  }

  /** A log event (a JSON line with --json; `text` or key=value fields on stderr otherwise). */
  event(event: string, fields: Record<string, unknown> = {}, text?: string): void {
    if (this.json) {
      this.writeOut(JSON.stringify({ event, ...fields }));
      return;
    }
    if (this.quiet) return;
    this.writeErr(text ?? `${event} ${fieldsText(fields)}`.trim());
  }

  /** A human line on stderr (nothing in --json or --quiet mode). */
  info(text: string): void {
    if (!this.json && !this.quiet) this.writeErr(text);
  }

  /** Human text meant for stdout (tables), suppressed in --json mode. */
  print(text: string): void {
    if (!this.json) this.writeOut(text);
  }

  progress(task: string, total: number): Progress {
    if (this.json) return this.jsonProgress(task, total);
    if (this.quiet) return { update() {}, setTotal() {}, stop() {} };
    if (this.tty) return this.barProgress(task, total);
    return this.lineProgress(task, total);
  }

  private writeOut(line: string): void {
    this.clearBar();
    this.out.write(line + '\n');
  }

  private writeErr(line: string): void {
    this.clearBar();
    this.err.write(line + '\n');
  }

  private clearBar(): void {
    // A log line in the middle of a bar: clear the bar's line, the bar redraws on its next update.
    if (this.active && this.tty) (this.err as NodeJS.WritableStream).write('\r\x1b[2K');
  }

  private jsonProgress(task: string, total: number): Progress {
    let last = 0;
    let t = total;
    return {
      update: (value, fields = {}) => {
        const now = Date.now();
        if (now - last < 1000 && value < t) return;
        last = now;
        this.writeOut(JSON.stringify({ event: 'progress', task, step: value, total: t, ...fields }));
      },
      setTotal: (n) => {
        t = n;
      },
      stop: () => {},
    };
  }

  private barProgress(task: string, total: number): Progress {
    const bar = new SingleBar(
      {
        format: `${task.padEnd(18)} [{bar}] {percentage}% {value}/{total} eta {eta_formatted} {fields}`,
        stream: this.err as NodeJS.WriteStream,
        hideCursor: false,
        clearOnComplete: false,
        barsize: 24,
        etaBuffer: 50,
        fps: 5,
      },
      undefined,
    );
    bar.start(Math.max(1, total), 0, { fields: '' });
    this.active = bar;
    return {
      update: (value, fields = {}) => bar.update(value, { fields: fieldsText(fields) }),
      setTotal: (n) => bar.setTotal(Math.max(1, n)),
      stop: () => {
        bar.stop();
        if (this.active === bar) this.active = undefined;
      },
    };
  }

  private lineProgress(task: string, total: number): Progress {
    // Not a terminal: a line at every 10% and at most every 30 s in between.
    const started = Date.now();
    let t = total;
    let lastPct = -1;
    let lastTime = started;
    return {
      update: (value, fields = {}) => {
        const pct = t > 0 ? Math.floor((value / t) * 10) * 10 : 0;
        const now = Date.now();
        if (pct === lastPct && now - lastTime < 30_000 && value < t) return;
        lastPct = pct;
        lastTime = now;
        const secs = ((now - started) / 1000).toFixed(0);
        this.err.write(`${task} ${value}/${t} (${pct}%) ${secs}s ${fieldsText(fields)}`.trimEnd() + '\n');
      },
      setTotal: (n) => {
        t = n;
      },
      stop: () => {},
    };
  }
}
