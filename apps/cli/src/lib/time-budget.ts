/**
 * A training run limited by wall-clock time as well as steps: progress is the larger of the time
 * fraction and the step fraction. The learning-rate schedule follows this progress (warm-up, then
 * decay to zero exactly when the time is up), so a slow or busy machine runs fewer steps with a
 * complete schedule instead of running late or stopping mid-decay. The clock starts at the first
 * optimizer step.
 */
export class TimeBudget {
  private started: number | null = null;

  constructor(
    readonly seconds: number,
    readonly maxSteps: number,
  ) {}

  /** Seconds since the first step (0 before it). */
  elapsed(): number {
    return this.started === null ? 0 : (Date.now() - this.started) / 1000;
  }

  /** Progress in [0, 1] at optimizer step `step` (starts the clock on first use). */
  fraction(step: number): number {
    this.started ??= Date.now();
    return Math.min(1, Math.max(this.elapsed() / this.seconds, step / this.maxSteps));
  }

  /** True once the time or the steps are used up. */
  done(step: number): boolean {
    return this.fraction(step) >= 1;
  }
}
