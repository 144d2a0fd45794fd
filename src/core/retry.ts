import type { FailureKind } from "./email/types.js";

/**
 * What follows an attempt (an email's send, an event's handlers): done, another try later, or
 * failed for good. One policy for the delivery and the event dispatcher alike.
 */

/** How an attempt went: `ok`, or how it failed (only a transient failure is tried again). */
export type AttemptResult = "ok" | FailureKind;

export interface RetryPolicy {
  /** Attempts before a transient failure is given up. */
  maxAttempts: number;
  /** The first retry's delay; doubled each attempt, ±20 % jitter. */
  baseSeconds: number;
  /** For tests; Math.random otherwise. */
  random?: () => number;
}

export type AttemptOutcome =
  | { status: "done"; nextAttemptAt: null }
  | { status: "retry"; nextAttemptAt: Date }
  | { status: "failed"; nextAttemptAt: null };

/** Exponential backoff with ±20 % jitter: base, 2·base, 4·base, … after attempt 1, 2, 3, … */
export function nextAttemptAt(
  now: Date,
  attempts: number,
  baseSeconds: number,
  random: () => number = Math.random,
) {
  const exp = baseSeconds * 2 ** Math.max(0, attempts - 1);
  const jitter = 0.8 + random() * 0.4;
  return new Date(now.getTime() + Math.round(exp * jitter * 1000));
}

/** After a failed attempt: try again, or give up. */
export function afterFailure(input: {
  failure: FailureKind;
  attempts: number;
  maxAttempts: number;
}): "retry" | "fail" {
  if (input.failure === "permanent") return "fail";
  return input.attempts < input.maxAttempts ? "retry" : "fail";
}

/** The outcome of attempt number `attempts` (1 for the first) that ended with `result`. */
export function outcomeAfterAttempt(
  result: AttemptResult,
  attempts: number,
  now: Date,
  policy: RetryPolicy,
): AttemptOutcome {
  if (result === "ok") return { status: "done", nextAttemptAt: null };
  if (afterFailure({ failure: result, attempts, maxAttempts: policy.maxAttempts }) === "fail") {
    return { status: "failed", nextAttemptAt: null };
  }
  return { status: "retry", nextAttemptAt: nextAttemptAt(now, attempts, policy.baseSeconds, policy.random) };
}
