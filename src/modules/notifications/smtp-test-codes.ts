import type { SmtpStep } from "../../core/email/index.js";

/**
 * What an SMTP test answered, as a stable code clients word in their language (the English
 * `message` is for logs and API users): the connection and sign-in worked, the test email was
 * accepted, or the step where it stopped.
 */
export const SMTP_TEST_CODES = [
  "smtp_ok",
  "test_email_sent",
  "smtp_connect_failed",
  "smtp_tls_failed",
  "smtp_auth_failed",
  "smtp_send_failed",
] as const;
export type SmtpTestCode = (typeof SMTP_TEST_CODES)[number];

export function smtpTestCode(
  result: { success: boolean; step: SmtpStep | null },
  sent: boolean,
): SmtpTestCode {
  if (result.success) return sent ? "test_email_sent" : "smtp_ok";
  return `smtp_${result.step ?? "send"}_failed`;
}
