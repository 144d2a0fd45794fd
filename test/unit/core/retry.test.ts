import { describe, expect, it } from "vitest";
import { outcomeAfterAttempt } from "../../../src/core/retry.js";

const now = new Date("2026-01-01T00:00:00Z");
const policy = { maxAttempts: 3, baseSeconds: 30, random: () => 0.5 };
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe("outcomeAfterAttempt", () => {
  it("is done after an attempt that went through, whatever the count", () => {
    expect(outcomeAfterAttempt("ok", 1, now, policy)).toEqual({ status: "done", nextAttemptAt: null });
    expect(outcomeAfterAttempt("ok", 9, now, policy)).toEqual({ status: "done", nextAttemptAt: null });
  });

  it("retries a transient failure with the delay doubled each attempt", () => {
    expect(outcomeAfterAttempt("transient", 1, now, policy)).toEqual({
      status: "retry",
      nextAttemptAt: inMs(30_000),
    });
    expect(outcomeAfterAttempt("transient", 2, now, policy)).toEqual({
      status: "retry",
      nextAttemptAt: inMs(60_000),
    });
  });

  it("keeps the jitter within ±20 % of the delay", () => {
    const low = outcomeAfterAttempt("transient", 1, now, { ...policy, random: () => 0 });
    const high = outcomeAfterAttempt("transient", 1, now, { ...policy, random: () => 0.999999 });
    expect(low.nextAttemptAt).toEqual(inMs(24_000));
    expect(high.nextAttemptAt!.getTime()).toBeLessThanOrEqual(inMs(36_000).getTime());
  });

  it("fails a transient failure once the attempts reach the maximum", () => {
    expect(outcomeAfterAttempt("transient", 3, now, policy)).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
    expect(outcomeAfterAttempt("transient", 4, now, policy)).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
  });

  it("fails a permanent failure at the first attempt", () => {
    expect(outcomeAfterAttempt("permanent", 1, now, policy)).toEqual({
      status: "failed",
      nextAttemptAt: null,
    });
  });

  it("uses Math.random for the jitter when the policy gives none", () => {
    const { nextAttemptAt } = outcomeAfterAttempt("transient", 1, now, { maxAttempts: 3, baseSeconds: 10 });
    expect(nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(inMs(8_000).getTime());
    expect(nextAttemptAt!.getTime()).toBeLessThanOrEqual(inMs(12_000).getTime());
  });
});
