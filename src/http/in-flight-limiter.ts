import { RateLimitedError } from "../core/errors.js";

/**
 * At most `limit` requests of a kind in flight per key (e.g. template previews per clinic):
 * one clinic cannot take every render thread, and the excess is answered 429 at once.
 */
export class InFlightLimiter {
  private readonly inFlight = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Takes a slot or throws 429; call the returned function (once) when the request is done. */
  acquire(key: string, message?: string): () => void {
    const n = this.inFlight.get(key) ?? 0;
    if (n >= this.limit) throw new RateLimitedError(message);
    this.inFlight.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
    };
  }
}
