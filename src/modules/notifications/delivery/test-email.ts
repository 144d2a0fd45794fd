import type { Clock } from "../../../core/clock.js";
import type { Database } from "../../../core/db/client.js";
import type { EmailService } from "../../../core/email/index.js";
import { findClinic } from "../../directory/index.js";
import { insertLogOnce } from "../outbox/index.js";

/**
 * The seed's "simple test email", sent now with whatever the clinic uses (its SMTP, the
 * console, or the global fallback) and logged like every other email.
 */
export async function sendTestEmail(
  app: { database: Database; email: EmailService; clock: Clock },
  clinicId: string,
  to: string,
  userId: string | null,
) {
  const clinic = await findClinic(app.database.db, clinicId);
  const name = clinic?.name ?? "DentalPin";
  const subject = `Prueba de correo / Test email – ${name}`;
  const bodyText =
    `Este es un correo de prueba de ${name}. Si lo recibe, el envío de correo funciona.\n\n` +
    `This is a test email from ${name}. If you received it, email sending works.`;
  const bodyHtml = `<p>${bodyText.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n\n/g, "</p><p>")}</p>`;
  const result = await app.email.send({ to, subject, bodyHtml, bodyText }, { clinicId });
  const now = app.clock.now();
  const { log } = await insertLogOnce(app.database.db, {
    clinicId,
    recipientEmail: to,
    templateKey: "test",
    notificationType: "test",
    subject,
    bodyHtml,
    bodyText,
    status: result.isSuccess ? "sent" : "failed",
    provider: result.provider,
    providerMessageId: result.messageId,
    errorMessage: result.errorMessage,
    triggeredByUserId: userId,
    attempts: 1,
    sentAt: result.isSuccess ? now : null,
  });
  const step = result.isSuccess ? null : (result.step ?? "send");
  return {
    success: result.isSuccess,
    step,
    message: result.isSuccess
      ? `Test email sent to ${to} (${result.provider})`
      : (result.errorMessage ?? "sending failed"),
    smtp_code: result.smtpCode,
    log_id: log.id,
  };
}
