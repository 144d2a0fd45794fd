import type { Clock } from "../../../core/clock.js";
import type { Database } from "../../../core/db/client.js";
import type { EmailService } from "../../../core/email/index.js";
import { findClinic } from "../../directory/index.js";
import { insertLogOnce } from "../outbox/index.js";
import { smtpTestCode } from "../smtp-test-codes.js";

const WORDS: Record<string, { subject: string; body: string }> = {
  es: {
    subject: "Correo de prueba – {name}",
    body: "Este es un correo de prueba de {name}. Si lo recibe, el envío de correo funciona.",
  },
  en: {
    subject: "Test email – {name}",
    body: "This is a test email from {name}. If you received it, email sending works.",
  },
  fr: {
    subject: "E-mail de test – {name}",
    body: "Ceci est un e-mail de test de {name}. Si vous le recevez, l’envoi d’e-mails fonctionne.",
  },
  pt: {
    subject: "Email de teste – {name}",
    body: "Este é um email de teste de {name}. Se o recebeu, o envio de email funciona.",
  },
};

/** The test email in the clinic's language (English for a language without these words). */
export function testEmailWords(
  name: string,
  locale: string,
): { subject: string; bodyText: string; bodyHtml: string } {
  const words = WORDS[locale.split(/[-_]/)[0]!.toLowerCase()] ?? WORDS.en!;
  const bodyText = words.body.replace("{name}", name);
  const bodyHtml = `<p>${bodyText.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`;
  return { subject: words.subject.replace("{name}", name), bodyText, bodyHtml };
}

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
  const { subject, bodyText, bodyHtml } = testEmailWords(
    clinic?.name ?? "DentalPin",
    clinic?.defaultLocale ?? "en",
  );
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
    code: smtpTestCode({ success: result.isSuccess, step }, true),
    message: result.isSuccess
      ? `Test email sent to ${to} (${result.provider})`
      : (result.errorMessage ?? "sending failed"),
    smtp_code: result.smtpCode,
    log_id: log.id,
  };
}
