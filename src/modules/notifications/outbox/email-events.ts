import { and, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "../../../core/db/client.js";
import { emailLogs } from "../../../core/db/schema.js";
import type { FactReporter, ReportedFact } from "../../../core/events/reports.js";

/**
 * What became of an email, reported (to webhooks, to `bus.on("email.sent", …)`) in the
 * transaction that recorded it: sent, failed for good, or skipped with its reason. Emails
 * about a patient only (every notification; a staff test email is not one).
 */
export const EMAIL_EVENT_NAMES = ["email.sent", "email.failed", "email.skipped"] as const;

const FINAL = ["sent", "failed", "skipped"] as const;

const nullableString = z.string().nullable();
/** The payload of email.sent, email.failed and email.skipped. */
export const emailEventSchema = z.looseObject({
  clinic_id: z.uuid(),
  patient_id: z.uuid(),
  patient_email: nullableString,
  patient_name: z.string(),
  email_log_id: z.uuid(),
  notification_type: z.string(),
  status: z.enum(FINAL),
  reason: nullableString,
  provider_message_id: nullableString,
  attempts: z.number().int(),
  appointment_id: nullableString,
  budget_id: nullableString,
  event_id: nullableString,
  occurred_at: z.string(),
});

type FinalRow = Pick<
  typeof emailLogs.$inferSelect,
  | "id"
  | "clinicId"
  | "patientId"
  | "recipientEmail"
  | "recipientName"
  | "notificationType"
  | "status"
  | "errorMessage"
  | "providerMessageId"
  | "attempts"
  | "appointmentId"
  | "budgetId"
  | "eventId"
  | "sentAt"
  | "updatedAt"
>;

/** The fact of one email's final status; its key names the attempt, so a staff retry reports again. */
export function emailFact(row: FinalRow): ReportedFact {
  const occurredAt = row.sentAt ?? row.updatedAt;
  return {
    name: `email.${row.status}`,
    clinicId: row.clinicId,
    key: `email_log:${row.id}:${row.status}:${row.attempts}`,
    occurredAt,
    payload: {
      clinic_id: row.clinicId,
      patient_id: row.patientId,
      patient_email: row.recipientEmail || null,
      patient_name: row.recipientName ?? "",
      email_log_id: row.id,
      notification_type: row.notificationType,
      status: row.status,
      reason: row.status === "sent" ? null : row.errorMessage,
      provider_message_id: row.providerMessageId,
      attempts: row.attempts,
      appointment_id: row.appointmentId,
      budget_id: row.budgetId,
      event_id: row.eventId,
      occurred_at: occurredAt.toISOString(),
    },
  };
}

/**
 * Reports the emails whose rows a transaction just brought to a final status. `listening` is
 * what writers ask first: while nobody listens it answers from memory and they do nothing more.
 */
export class EmailReports {
  constructor(private readonly reporter: FactReporter) {}

  /** `db`: the caller's transaction, if it is in one. */
  listening(db?: DbOrTx): Promise<boolean> {
    return this.reporter.listening(EMAIL_EVENT_NAMES, undefined, db);
  }

  /** Reads these rows (those not final, or not about a patient, are left out) and reports them. */
  async recorded(tx: DbOrTx, logIds: readonly string[]): Promise<void> {
    if (logIds.length === 0 || !(await this.listening(tx))) return;
    const rows = await tx
      .select({
        id: emailLogs.id,
        clinicId: emailLogs.clinicId,
        patientId: emailLogs.patientId,
        recipientEmail: emailLogs.recipientEmail,
        recipientName: emailLogs.recipientName,
        notificationType: emailLogs.notificationType,
        status: emailLogs.status,
        errorMessage: emailLogs.errorMessage,
        providerMessageId: emailLogs.providerMessageId,
        attempts: emailLogs.attempts,
        appointmentId: emailLogs.appointmentId,
        budgetId: emailLogs.budgetId,
        eventId: emailLogs.eventId,
        sentAt: emailLogs.sentAt,
        updatedAt: emailLogs.updatedAt,
      })
      .from(emailLogs)
      .where(
        and(
          inArray(emailLogs.id, [...logIds]),
          inArray(emailLogs.status, [...FINAL]),
          isNotNull(emailLogs.patientId),
        ),
      );
    await this.reporter.report(tx, rows.map(emailFact));
  }
}
