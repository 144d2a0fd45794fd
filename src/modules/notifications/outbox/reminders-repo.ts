import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { jsonWithFloats } from "../../../core/db/json.js";
import { emailLogs } from "../../../core/db/schema.js";
import { notLeased } from "./email-logs-repo.js";
import { wakeWorkers } from "./wake.js";

/** The outbox rows of appointment reminders (planned by dispatch/reminders.ts). */
export const REMINDER = "appointment_reminder";

/** Pending reminders not in a worker's hands right now (those are left to finish). */
const pendingReminderOf = (clinicId: string, now: Date, appointmentId?: string) =>
  and(
    eq(emailLogs.clinicId, clinicId),
    eq(emailLogs.notificationType, REMINDER),
    eq(emailLogs.status, "pending"),
    notLeased(now),
    appointmentId ? eq(emailLogs.appointmentId, appointmentId) : undefined,
  );

/**
 * The clinic's pending reminders (of one appointment, when named). The context is read with its
 * floats (`1200.0`) and big integers: a moved reminder writes it back merged with the new event's.
 */
export function findPendingReminders(db: DbOrTx, clinicId: string, now: Date, appointmentId?: string) {
  return db
    .select({
      id: emailLogs.id,
      context: jsonWithFloats(emailLogs.context),
      startAt: emailLogs.appointmentStartAt,
    })
    .from(emailLogs)
    .where(pendingReminderOf(clinicId, now, appointmentId));
}

/** A pending reminder moved with its appointment: new time, key and context, due again or skipped. */
export async function moveReminder(
  db: DbOrTx,
  clinicId: string,
  id: string,
  change: {
    appointmentStartAt: Date;
    dedupeKey: string;
    context: Record<string, unknown>;
    dueAt: Date | null;
    skip: string | null;
    /** Why it goes at another time than its own (see send-window.ts). */
    scheduleNote?: string | null;
  },
  now: Date,
): Promise<void> {
  await db
    .update(emailLogs)
    .set({
      appointmentStartAt: change.appointmentStartAt,
      dedupeKey: change.dedupeKey,
      context: change.context,
      nextAttemptAt: change.dueAt,
      status: change.skip ? "skipped" : "pending",
      errorMessage: change.skip,
      scheduleNote: change.scheduleNote ?? null,
      updatedAt: now,
    })
    .where(and(eq(emailLogs.clinicId, clinicId), eq(emailLogs.id, id)));
  // Idle workers sleep until the earliest due time they read: tell them it moved.
  if (change.dueAt) await wakeWorkers(db);
}

/** Skips the appointment's pending reminders with `reason`; returns their ids. */
export async function skipPendingReminders(
  db: DbOrTx,
  clinicId: string,
  appointmentId: string,
  reason: string,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .update(emailLogs)
    .set({ status: "skipped", errorMessage: reason, nextAttemptAt: null, updatedAt: now })
    .where(pendingReminderOf(clinicId, now, appointmentId))
    .returning({ id: emailLogs.id });
  return rows.map((r) => r.id);
}

/** Gives each listed pending reminder its new due time, or skips it, in one statement. */
export async function replanReminders(
  db: DbOrTx,
  clinicId: string,
  plans: { id: string; dueAt: Date | null; skip: string | null; note?: string | null }[],
  now: Date,
): Promise<void> {
  if (plans.length === 0) return;
  const ids = plans.map((p) => p.id);
  const dues = plans.map((p) => (p.dueAt ? p.dueAt.toISOString() : null));
  const skips = plans.map((p) => p.skip);
  const notes = plans.map((p) => p.note ?? null);
  await db.execute(sql`
    UPDATE email_logs AS l SET
      next_attempt_at = p.due,
      status = CASE WHEN p.skip IS NULL THEN 'pending' ELSE 'skipped' END,
      error_message = p.skip,
      schedule_note = p.note,
      updated_at = ${now.toISOString()}::timestamptz
    FROM unnest(
      ${sql.param(ids)}::uuid[], ${sql.param(dues)}::timestamptz[], ${sql.param(skips)}::text[],
      ${sql.param(notes)}::text[]
    ) AS p(id, due, skip, note)
    WHERE l.id = p.id AND l.clinic_id = ${clinicId} AND l.status = 'pending'`);
  await wakeWorkers(db);
}
