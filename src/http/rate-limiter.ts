import { RateLimitedError } from "../core/errors.js";

export interface RateLimiterOptions {
  /** Length of the fixed window; default one minute. */
  windowMs?: number;
  /** Keys kept at most; past it the key not touched for longest is forgotten first. */
  maxKeys?: number;
  now?: () => number;
}

/**
 * A fixed window per key (per clinic for SMTP tests, per address and per account for
 * logins). In memory: each API process counts its own requests, which is enough to stop
 * hammering. Growing past `maxKeys` forgets the stalest keys only, so flooding it with
 * new keys cannot wipe the counter of the one being attacked.
 */
export class RateLimiter {
  // A Map iterates in insertion order: a key is re-inserted when touched, so the first
  // entry is always the stalest.
  private readonly windows = new Map<string, { start: number; count: number }>();
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(
    private readonly limit: number,
    options: RateLimiterOptions = {},
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.maxKeys = options.maxKeys ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Counts one request for `key`; throws RateLimitedError (429) past the limit. */
  take(key: string, message?: string): void {
    this.check(key, message);
    this.hit(key);
  }

  /** Throws RateLimitedError when `key` has used up its window, without counting. */
  check(key: string, message?: string): void {
    const w = this.current(key);
    if (w && w.count >= this.limit) {
      // A key under attack stays the freshest, so it is the last to be forgotten.
      this.windows.delete(key);
      this.windows.set(key, w);
      throw new RateLimitedError(message);
    }
  }

  /** Counts one event (e.g. a failed login) for `key`. */
  hit(key: string): void {
    const w = this.current(key);
    this.windows.delete(key);
    if (!w) {
      while (this.windows.size >= this.maxKeys) {
        const oldest = this.windows.keys().next().value;
        if (oldest === undefined) break;
        this.windows.delete(oldest);
      }
    }
    this.windows.set(key, w ? { start: w.start, count: w.count + 1 } : { start: this.now(), count: 1 });
  }

  get size(): number {
    return this.windows.size;
  }

  private current(key: string) {
    const w = this.windows.get(key);
    if (!w) return undefined;
    if (this.now() - w.start >= this.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return w;
  }
}
