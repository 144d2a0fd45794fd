/** What one request gave: its value, or the error it failed with. */
export type Outcome<O> = { ok: true; value: O } | { ok: false; error: unknown };

interface Job<I, O> {
  input: I;
  done: (outcome: Outcome<O>) => void;
  cancelled: boolean;
}

export interface LatestOnlyOptions {
  /** A refusal that means "busy now, ask again shortly" (e.g. HTTP 429): retried, never reported. */
  isBusy: (error: unknown) => boolean;
  /** How long to wait before asking again after the n-th busy answer in a row (n from 1). */
  backoffMs?: (n: number) => number;
  /** Waits (injected by tests). */
  wait?: (ms: number) => Promise<void>;
}

const defaultBackoff = (n: number) => Math.min(2000, 250 * 2 ** (n - 1));
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs requests one at a time and only the latest: a request submitted while another is in
 * flight waits, and replaces any request already waiting (whose answer nobody wants any more).
 * An answer is delivered only if no newer request was submitted meanwhile. A "busy" refusal is
 * not an answer: the latest request is sent again after a back-off. The server allows a clinic
 * only a few template previews at a time; a fast typist must not use them all up.
 */
export class LatestOnly<I, O> {
  private running: Job<I, O> | null = null;
  private waiting: Job<I, O> | null = null;
  private backingOff = false;
  private busyInARow = 0;
  private readonly backoffMs: (n: number) => number;
  private readonly wait: (ms: number) => Promise<void>;

  constructor(
    private readonly run: (input: I) => Promise<O>,
    private readonly options: LatestOnlyOptions,
  ) {
    this.backoffMs = options.backoffMs ?? defaultBackoff;
    this.wait = options.wait ?? sleep;
  }

  /** Queues `input` as the latest request; the returned function cancels it (its answer is dropped). */
  submit(input: I, done: (outcome: Outcome<O>) => void): () => void {
    const job: Job<I, O> = { input, done, cancelled: false };
    this.waiting = job;
    this.pump();
    return () => {
      job.cancelled = true;
      if (this.waiting === job) this.waiting = null;
    };
  }

  /** How many requests are in flight now (0 or 1). */
  get inFlight(): number {
    return this.running ? 1 : 0;
  }

  private pump(): void {
    if (this.running || this.backingOff || !this.waiting) return;
    const job = this.waiting;
    this.waiting = null;
    this.running = job;
    this.run(job.input).then(
      (value) => this.finish(job, { ok: true, value }),
      (error: unknown) => this.finish(job, { ok: false, error }),
    );
  }

  private finish(job: Job<I, O>, outcome: Outcome<O>): void {
    this.running = null;
    if (!outcome.ok && this.options.isBusy(outcome.error)) {
      // The latest request goes again: a newer one if it came meanwhile, else this one.
      if (!this.waiting && !job.cancelled) this.waiting = job;
      this.busyInARow++;
      this.backingOff = true;
      void this.wait(this.backoffMs(this.busyInARow)).then(() => {
        this.backingOff = false;
        this.pump();
      });
      return;
    }
    this.busyInARow = 0;
    if (!job.cancelled && !this.waiting) job.done(outcome);
    this.pump();
  }
}
