import { outcomeAfterAttempt, type RetryPolicy } from "../../core/retry.js";
import type { DeliveryOutcome } from "./deliveries-repo.js";
import type { PostResult, RefusedAttempt } from "./sender.js";

/**
 * What follows an attempt. 2xx: delivered. 410 Gone: the receiver says the endpoint is no
 * more: failed, and the endpoint is disabled (staff may enable it again). Anything else
 * (another status, a refused connection, a timeout): tried again with the retry policy's
 * backoff until its attempts run out, then failed. `refused`: the URL no longer passes the
 * SSRF guard; failed at once.
 */
export function deliveryOutcome(
  result: PostResult | RefusedAttempt,
  attempts: number,
  now: Date,
  policy: RetryPolicy,
): DeliveryOutcome & { disableEndpoint: boolean } {
  const base = { lastStatusCode: null, deliveredAt: null, disableEndpoint: false };
  if (result.kind === "refused") {
    return { ...base, status: "failed", nextAttemptAt: now, lastError: result.message };
  }
  if (result.kind === "response" && result.status >= 200 && result.status < 300) {
    return {
      ...base,
      status: "delivered",
      nextAttemptAt: now,
      lastStatusCode: result.status,
      lastError: null,
      deliveredAt: now,
    };
  }
  const lastStatusCode = result.kind === "response" ? result.status : null;
  const lastError =
    result.kind === "response"
      ? `HTTP ${result.status}${result.excerpt ? `: ${result.excerpt}` : ""}`
      : result.message;
  if (lastStatusCode === 410) {
    return {
      ...base,
      status: "failed",
      nextAttemptAt: now,
      lastStatusCode,
      lastError,
      disableEndpoint: true,
    };
  }
  const next = outcomeAfterAttempt("transient", attempts, now, policy);
  return next.status === "retry"
    ? { ...base, status: "pending", nextAttemptAt: next.nextAttemptAt, lastStatusCode, lastError }
    : { ...base, status: "failed", nextAttemptAt: now, lastStatusCode, lastError };
}
