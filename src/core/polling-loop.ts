import type { Database } from "./db/client.js";
import type { Logger } from "./logger.js";

/**
 * Runs `tick` again at once while it finds work, otherwise sleeps until woken (LISTEN/NOTIFY),
 * until the next item falls due (`nextDue`), or at most `idleMs`. stop() lets the tick in hand
 * finish.
 */
export class PollingLoop {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();
  private woken = false;
  private endPause: (() => void) | null = null;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<number>,
    private readonly options: {
      /** The shortest sleep after a tick that found nothing (and the sleep without `nextDue`). */
      pollMs: number;
      /**
       * After a tick that found nothing: in how many ms the earliest stored item falls due
       * (null: none is waiting). Writers NOTIFY for what is due now and for what they move, so
       * an idle process sleeps until then, not one poll interval: polling costs an embedded
       * database a query a second per loop.
       */
      nextDue?: () => Promise<number | null>;
      /**
       * The longest sleep with `nextDue` (default 10 s, never below `pollMs`): how long what a
       * writer stored without a NOTIFY, or a dead worker's lease that ran out, may wait.
       */
      idleMs?: number;
      errorBackoffMs?: number;
      wakeDelayMs?: number;
      /**
       * After a tick that found work but less than `batchSize`, wait `ms` before the next one
       * (notifications do not cut this short): under a steady trickle of work, batches then
       * gather several items instead of one, and each batch's fixed cost is shared.
       */
      gather?: { batchSize: number; ms: number };
      /** LISTEN on this channel while running: each notification wakes the loop. */
      wakeOn?: { database: Pick<Database, "listen">; channel: string };
      logger: Logger;
    },
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    const wakeOn = this.options.wakeOn;
    if (wakeOn) this.unlisten = await wakeOn.database.listen(wakeOn.channel, () => this.wake());
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.endPause?.();
    this.wake();
    await this.done;
    await this.unlisten?.();
    this.unlisten = null;
  }

  get isRunning(): boolean {
    return this.running;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let found = 0;
      try {
        this.woken = false;
        found = await this.tick();
      } catch (err) {
        this.options.logger.error({ err, loop: this.name }, "loop iteration failed; retrying");
        await this.sleep(this.options.errorBackoffMs ?? 1000);
        continue;
      }
      const gather = this.options.gather;
      if (gather && found > 0 && found < gather.batchSize && this.running) await this.pause(gather.ms);
      else if (found === 0 && this.running && !this.woken) {
        const ms = await this.idleSleepMs();
        // A notification that came while the due time was read is not lost.
        if (this.running && !this.woken) await this.sleep(ms);
      }
    }
  }

  private async idleSleepMs(): Promise<number> {
    const { pollMs, nextDue } = this.options;
    if (!nextDue) return pollMs;
    const longest = Math.max(pollMs, this.options.idleMs ?? 10_000);
    try {
      const due = await nextDue();
      return Math.min(longest, Math.max(pollMs, due ?? longest));
    } catch (err) {
      this.options.logger.error({ err, loop: this.name }, "could not read when work is next due");
      return pollMs;
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.endPause = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      this.endPause = finish;
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(finish, ms);
      timer.unref?.();
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      // A burst of notifications (one per published event) wakes the loop once, a moment later.
      this.wakeUp = () => {
        this.wakeUp = null;
        setTimeout(finish, this.options.wakeDelayMs ?? 5).unref?.();
      };
    });
  }
}

/** What a service run by a PollingLoop (the dispatcher, the worker) offers: start, stop, wake. */
export abstract class BackgroundLoop {
  protected abstract readonly loop: PollingLoop;

  start(): Promise<void> {
    return this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Runs the next tick now instead of at the next poll. */
  wake(): void {
    this.loop.wake();
  }
}
