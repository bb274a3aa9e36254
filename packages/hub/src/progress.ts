import type { HubProgress } from './options.js';

/**
 * A writable stream such as `process.stderr`: only `write`, plus `isTTY` / `columns` when it is a
 * terminal.
 */
export interface TtyLike {
  isTTY?: boolean;
  columns?: number;
  /** Writes `s` (the line, with a leading `\r` to redraw it on a terminal). */
  write(s: string): unknown;
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * A progress line on `stream` (redrawn in place, at most every `intervalMs`):
 * `org/name model.safetensors [#####.....] 42% 12.3 MB/29.1 MB`.
 */
export function progressLine(stream: TtyLike, intervalMs = 100): (p: HubProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (!p.done && now - last < intervalMs) return;
    last = now;
    const width = 20;
    const frac = p.total ? Math.min(1, p.loaded / p.total) : null;
    const bar =
      frac === null
        ? ''
        : `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ${Math.floor(frac * 100)}% `;
    const size = p.total ? `${mb(p.loaded)}/${mb(p.total)}` : mb(p.loaded);
    const line = `${p.repoId} ${p.file} ${bar}${size}`;
    const cols = stream.columns ?? 100;
    stream.write(
      `\r${line.slice(0, cols - 1).padEnd(Math.min(cols - 1, line.length + 2))}${p.done ? '\n' : ''}`,
    );
  };
}

/** The default reporter in Node: a line on stderr when it is a TTY, else none. */
export function defaultProgress(disabled: boolean): ((p: HubProgress) => void) | null {
  const g = globalThis as { process?: { stderr?: TtyLike } };
  const err = g.process?.stderr;
  return !disabled && err?.isTTY ? progressLine(err) : null;
}
