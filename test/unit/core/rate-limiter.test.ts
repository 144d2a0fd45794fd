import { describe, expect, it } from "vitest";
import { RateLimitedError } from "../../../src/core/errors.js";
import { RateLimiter } from "../../../src/http/rate-limiter.js";

describe("RateLimiter", () => {
  it("allows `limit` requests a window per key, then refuses until the window ends", () => {
    let now = 0;
    const limiter = new RateLimiter(2, { windowMs: 1000, now: () => now });
    limiter.take("a");
    limiter.take("a");
    expect(() => limiter.take("a")).toThrow(RateLimitedError);
    limiter.take("b");
    now = 1000;
    limiter.take("a");
  });

  it("check does not count; hit does", () => {
    const limiter = new RateLimiter(1);
    limiter.check("k");
    limiter.check("k");
    limiter.hit("k");
    expect(() => limiter.check("k")).toThrow(RateLimitedError);
  });

  it("past maxKeys forgets the stalest keys, never the counter being attacked", () => {
    const limiter = new RateLimiter(3, { maxKeys: 100 });
    for (let i = 0; i < 3; i++) limiter.hit("victim");
    for (let i = 0; i < 500; i++) {
      limiter.hit(`flood-${i}`);
      // The victim keeps being tried, so it stays fresh.
      if (i % 50 === 0) expect(() => limiter.take("victim")).toThrow(RateLimitedError);
    }
    expect(limiter.size).toBe(100);
    expect(() => limiter.check("victim")).toThrow(RateLimitedError);
  });
});
