import { randomUUID } from "node:crypto";
import type { EmailMessage } from "../../src/core/email/index.js";
import { buildMailOptions, type MailOptions } from "../../src/core/email/message.js";
import { sampleContext, TemplateService, withDateValues } from "../../src/core/templates/index.js";
import { buildCalendarInvite } from "../../src/modules/notifications/delivery/calendar.js";

/**
 * One pre-rendered appointment confirmation, as the pipeline sends it (HTML, text part,
 * .ics invitation, the same headers), rendered once: the baselines send this message
 * so that every line of the table moves the same bytes.
 */
export async function sampleMailOptions(): Promise<{ mail: MailOptions; bytes: number }> {
  const templates = new TemplateService({ store: { findCandidates: async () => [] } });
  const context = withDateValues(sampleContext("appointment_confirmation", "es"), {
    timeZone: "Europe/Madrid",
    locale: "es",
  });
  const rendered = await templates.render({
    clinicId: randomUUID(),
    templateKey: "appointment_confirmation",
    locale: "es",
    clinicLocale: "es",
    context,
  });
  const ics = buildCalendarInvite({
    appointmentId: randomUUID(),
    clinicName: "Clínica Dental Sonrisa",
    clinicEmail: "citas@clinicasonrisa.es",
    clinicAddress: "Calle Mayor 12, Madrid",
    startTime: new Date("2026-12-01T09:30:00Z"),
    durationMinutes: 30,
    sequence: 0,
    method: "REQUEST",
    summary: "Cita dental – Clínica Dental Sonrisa",
    attendeeEmail: "maria@example.com",
    attendeeName: "María García López",
  });
  const message: EmailMessage = {
    to: "maria@example.com",
    toName: "María García López",
    subject: rendered.subject,
    bodyHtml: rendered.bodyHtml,
    bodyText: rendered.bodyText,
    replyTo: "citas@clinicasonrisa.es",
    headers: {
      "X-DentalPin-Log-Id": "0",
      "List-Unsubscribe": "<https://example.com/p/unsubscribe/token>",
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
    attachments: [
      {
        filename: "cita.ics",
        content: ics,
        contentType: "text/calendar; charset=utf-8; method=REQUEST",
        method: "REQUEST",
      },
    ],
  };
  const mail = buildMailOptions(message, {
    email: "citas@clinicasonrisa.es",
    name: "Clínica Dental Sonrisa",
  });
  const bytes =
    Buffer.byteLength(rendered.bodyHtml) + Buffer.byteLength(rendered.bodyText) + Buffer.byteLength(ics);
  return { mail, bytes };
}

/** The same message with its own log id header, so the sink can count it. */
export function withLogId(mail: MailOptions, id: string): MailOptions {
  return { ...mail, headers: { ...(mail.headers as Record<string, string>), "X-DentalPin-Log-Id": id } };
}
