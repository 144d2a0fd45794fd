import { RateLimitedError } from "../core/errors.js";

/**
 * A fixed one-minute window per key (e.g. per clinic for SMTP tests, per address for logins).
 * In memory: each API process counts its own requests, which is enough to stop hammering.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, message?: string): void {
    const t = this.now();
    const w = this.windows.get(key);
    if (!w || t - w.start >= 60_000) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: t, count: 1 });
      return;
    }
    if (w.count >= this.limitPerMinute) throw new RateLimitedError(message);
    w.count++;
  }
}
