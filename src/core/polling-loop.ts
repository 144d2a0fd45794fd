import type { Logger } from "./logger.js";

/**
 * Runs `tick` again at once while it finds work, otherwise sleeps until woken (LISTEN/NOTIFY)
 * or until the poll interval passes. stop() lets the tick in hand finish.
 */
export class PollingLoop {
  private running = false;
  private wakeUp: (() => void) | null = null;
  private done: Promise<void> = Promise.resolve();
  private woken = false;

  constructor(
    private readonly name: string,
    private readonly tick: () => Promise<number>,
    private readonly options: {
      pollMs: number;
      errorBackoffMs?: number;
      wakeDelayMs?: number;
      logger: Logger;
    },
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.done = this.run();
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.done;
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
      if (found === 0 && this.running && !this.woken) await this.sleep(this.options.pollMs);
    }
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
