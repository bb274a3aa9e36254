/**
 * Ctrl-C handling for long runs: the first SIGINT (or SIGTERM) asks the run to stop at the next
 * step boundary, where it writes a checkpoint; a second one exits at once (the last checkpoint on
 * disk stays valid, because checkpoints are written atomically).
 */
export class StopSignal {
  private requested = false;
  private readonly listeners: Array<() => void> = [];
  private readonly handler = (sig: NodeJS.Signals) => {
    if (this.requested) {
      process.stderr.write(`\nalbert: second ${sig}, exiting now\n`);
      process.exit(130);
    }
    this.requested = true;
    process.stderr.write(
      `\nalbert: ${sig} received, stopping after this step and saving a checkpoint (again to quit now)\n`,
    );
    for (const l of this.listeners) l();
  };

  /** Starts listening to SIGINT/SIGTERM (until dispose). */
  install(): this {
    process.on('SIGINT', this.handler);
    process.on('SIGTERM', this.handler);
    return this;
  }

  get stopRequested(): boolean {
    return this.requested;
  }

  onStop(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Requests a stop programmatically (tests, time budgets). */
  request(): void {
    if (!this.requested) {
      this.requested = true;
      for (const l of this.listeners) l();
    }
  }

  dispose(): void {
    process.off('SIGINT', this.handler);
    process.off('SIGTERM', this.handler);
  }
}
