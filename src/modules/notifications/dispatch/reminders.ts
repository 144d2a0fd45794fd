import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Clock } from "../../../core/clock.js";
import type { Database, DbOrTx } from "../../../core/db/client.js";
import { emailLogs } from "../../../core/db/schema.js";
import { reminderDueAt } from "../decisions.js";
import { flushLogInserts } from "../outbox/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import type { NotificationService, SendNotificationInput } from "./notification-service.js";

const REMINDER = "appointment_reminder";

export function reminderDedupeKey(appointmentId: string, startTime: Date): string {
  return `reminder:${appointmentId}:${startTime.toISOString()}`;
}

/** Pending reminders not in a worker's hands right now (those are left to finish). */
const pendingReminderOf = (clinicId: string, now: Date, appointmentId?: string) =>
  and(
    eq(emailLogs.clinicId, clinicId),
    eq(emailLogs.notificationType, REMINDER),
    eq(emailLogs.status, "pending"),
    or(isNull(emailLogs.leaseExpiresAt), lt(emailLogs.leaseExpiresAt, now)),
    appointmentId ? eq(emailLogs.appointmentId, appointmentId) : undefined,
  );

/**
 * Reminders are outbox rows due at start − hours_before. They move with their appointment,
 * are skipped when it is cancelled, and are re-planned when the clinic changes hours_before.
 */
export class ReminderPlanner {
  constructor(
    private readonly deps: {
      database: Database;
      notifications: NotificationService;
      registry: NotificationTypeRegistry;
      clock: Clock;
    },
  ) {}

  async plan(
    db: DbOrTx,
    input: Omit<SendNotificationInput, "notificationType" | "dedupeKey" | "dueAt" | "tx"> & {
      appointmentId: string;
      startTime: Date;
    },
  ) {
    const settings = await this.deps.notifications.settingsOf(db, input.clinicId);
    const hours = settings[REMINDER]?.hours_before ?? 24;
    const due = reminderDueAt(input.startTime, hours, this.deps.clock.now());
    return this.deps.notifications.sendNotification({
      ...input,
      notificationType: REMINDER,
      dedupeKey: reminderDedupeKey(input.appointmentId, input.startTime),
      appointmentStartAt: input.startTime,
      dueAt: due.dueAt ?? undefined,
      skipReason: due.skip,
      wait: false,
      tx: db,
    });
  }

  /** Moves the pending reminder to the new time, or plans one when none is pending. */
  async move(db: DbOrTx, input: Parameters<ReminderPlanner["plan"]>[1]): Promise<void> {
    await flushLogInserts(db);
    const now = this.deps.clock.now();
    const pending = await db
      .select({ id: emailLogs.id, context: emailLogs.context })
      .from(emailLogs)
      .where(pendingReminderOf(input.clinicId, now, input.appointmentId));
    if (pending.length === 0) {
      await this.plan(db, input);
      return;
    }
    const settings = await this.deps.notifications.settingsOf(db, input.clinicId);
    const due = reminderDueAt(input.startTime, settings[REMINDER]?.hours_before ?? 24, now);
    for (const row of pending) {
      await db
        .update(emailLogs)
        .set({
          appointmentStartAt: input.startTime,
          dedupeKey: reminderDedupeKey(input.appointmentId, input.startTime),
          context: { ...row.context, ...input.context },
          nextAttemptAt: due.dueAt,
          status: due.skip ? "skipped" : "pending",
          errorMessage: due.skip,
          updatedAt: now,
        })
        .where(eq(emailLogs.id, row.id));
    }
  }

  async cancel(db: DbOrTx, clinicId: string, appointmentId: string): Promise<number> {
    await flushLogInserts(db);
    const now = this.deps.clock.now();
    const rows = await db
      .update(emailLogs)
      .set({ status: "skipped", errorMessage: "appointment_cancelled", nextAttemptAt: null, updatedAt: now })
      .where(pendingReminderOf(clinicId, now, appointmentId))
      .returning({ id: emailLogs.id });
    return rows.length;
  }

  /** After hours_before changes: every pending reminder of the clinic gets its new due time. */
  async replan(clinicId: string, hoursBefore: number, db: DbOrTx = this.deps.database.db): Promise<number> {
    const now = this.deps.clock.now();
    const pending = await db
      .select({ id: emailLogs.id, start: emailLogs.appointmentStartAt })
      .from(emailLogs)
      .where(pendingReminderOf(clinicId, now));
    const ids: string[] = [];
    const dues: (string | null)[] = [];
    const skips: (string | null)[] = [];
    for (const row of pending) {
      if (!row.start) continue;
      const due = reminderDueAt(row.start, hoursBefore, now);
      ids.push(row.id);
      dues.push(due.dueAt ? due.dueAt.toISOString() : null);
      skips.push(due.skip);
    }
    if (ids.length === 0) return 0;
    await db.execute(sql`
      UPDATE email_logs AS l SET
        next_attempt_at = p.due,
        status = CASE WHEN p.skip IS NULL THEN 'pending' ELSE 'skipped' END,
        error_message = p.skip,
        updated_at = ${now.toISOString()}::timestamptz
      FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(dues)}::timestamptz[], ${sql.param(skips)}::text[])
        AS p(id, due, skip)
      WHERE l.id = p.id AND l.clinic_id = ${clinicId} AND l.status = 'pending'`);
    return ids.length;
  }
}
