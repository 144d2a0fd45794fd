import type { SendResult } from "../types.js";

/**
 * Email is switched off: nothing is sent. The failure is "permanent" because trying again
 * cannot help until someone turns email on; the email pipeline records such sends as
 * `skipped` (it recognises them by provider "disabled"), not as failed deliveries.
 */
export function disabledResult(source: "clinic" | "global"): SendResult {
  return {
    isSuccess: false,
    messageId: null,
    errorMessage:
      source === "clinic" ? "email is disabled for this clinic" : "email is disabled (EMAIL_ENABLED=false)",
    failure: "permanent",
    smtpCode: null,
    provider: "disabled",
  };
}
