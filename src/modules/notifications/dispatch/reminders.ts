import type { Clock } from "../../../core/clock.js";
import type { Database, DbOrTx } from "../../../core/db/client.js";
import { reminderDueAt } from "../decisions.js";
import {
  type EmailReports,
  findPendingReminders,
  moveReminder,
  REMINDER,
  replanReminders,
  skipPendingReminders,
} from "../outbox/index.js";
import { fitSendWindow, type ScheduleNote } from "../send-window.js";
import { type ClinicSendWindow, getSendWindow } from "../settings/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import type { DispatchBatch } from "./batch.js";
import type { NotificationService, SendNotificationInput } from "./notification-service.js";

export function reminderDedupeKey(appointmentId: string, startTime: Date): string {
  return `reminder:${appointmentId}:${startTime.toISOString()}`;
}

/**
 * When a reminder goes: start − hours_before (or skipped, see reminderDueAt), fitted into the
 * clinic's sending window. Pure.
 */
export function reminderPlan(
  startTime: Date,
  hoursBefore: number,
  now: Date,
  clinic: ClinicSendWindow | undefined,
): { dueAt: Date | null; skip: string | null; note: ScheduleNote | null } {
  const due = reminderDueAt(startTime, hoursBefore, now);
  if (!due.dueAt || !clinic) return { ...due, note: null };
  const fitted = fitSendWindow({
    planned: due.dueAt,
    window: clinic.window,
    timeZone: clinic.timeZone,
    now,
    appointmentStart: startTime,
  });
  return { dueAt: fitted.at, skip: null, note: fitted.note };
}

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
      /** Reports the reminders a re-plan skips (email.skipped), as a dispatch batch does. */
      reports?: EmailReports;
    },
  ) {}

  /** Queues the appointment's reminder in the batch, due at start − hours_before (or skipped). */
  async plan(
    batch: DispatchBatch,
    input: Omit<SendNotificationInput, "notificationType" | "dedupeKey" | "dueAt" | "tx" | "wait"> & {
      appointmentId: string;
      startTime: Date;
    },
  ) {
    const settings = await batch.settings(input.clinicId);
    const hours = settings[REMINDER]?.hours_before ?? 24;
    const due = reminderDueAt(input.startTime, hours, this.deps.clock.now());
    return this.deps.notifications.queueNotification(batch, {
      ...input,
      notificationType: REMINDER,
      dedupeKey: reminderDedupeKey(input.appointmentId, input.startTime),
      appointmentStartAt: input.startTime,
      dueAt: due.dueAt ?? undefined,
      skipReason: due.skip,
    });
  }

  /** Moves the pending reminder to the new time, or plans one when none is pending. */
  async move(batch: DispatchBatch, input: Parameters<ReminderPlanner["plan"]>[1]): Promise<void> {
    await batch.flush();
    const db = batch.tx;
    const now = this.deps.clock.now();
    const pending = await findPendingReminders(db, input.clinicId, now, input.appointmentId);
    if (pending.length === 0) {
      await this.plan(batch, input);
      return;
    }
    const settings = await batch.settings(input.clinicId);
    const hours = settings[REMINDER]?.hours_before ?? 24;
    const due = reminderPlan(input.startTime, hours, now, await batch.sendWindow(input.clinicId));
    for (const row of pending) {
      await moveReminder(
        db,
        input.clinicId,
        row.id,
        {
          appointmentStartAt: input.startTime,
          dedupeKey: reminderDedupeKey(input.appointmentId, input.startTime),
          context: { ...row.context, ...input.context },
          dueAt: due.dueAt,
          skip: due.skip,
          scheduleNote: due.note,
        },
        now,
      );
    }
    // Moved too close to (or into) the past: the reminders are skipped, and reported so.
    if (due.skip) await batch.recorded(pending.map((r) => r.id));
  }

  /** Skips the appointment's pending reminder (appointment_cancelled). */
  async cancel(batch: DispatchBatch, clinicId: string, appointmentId: string): Promise<number> {
    await batch.flush();
    const skipped = await skipPendingReminders(
      batch.tx,
      clinicId,
      appointmentId,
      "appointment_cancelled",
      this.deps.clock.now(),
    );
    await batch.recorded(skipped);
    return skipped.length;
  }

  /**
   * After hours_before or the sending window changes: every pending reminder of the clinic gets
   * its new due time (the window read in `db`, so a change made in the same transaction counts).
   */
  async replan(clinicId: string, hoursBefore: number, db: DbOrTx = this.deps.database.db): Promise<number> {
    const now = this.deps.clock.now();
    const window = await getSendWindow(db, clinicId);
    const plans = (await findPendingReminders(db, clinicId, now)).flatMap((row) =>
      row.startAt ? [{ id: row.id, ...reminderPlan(row.startAt, hoursBefore, now, window) }] : [],
    );
    await replanReminders(db, clinicId, plans, now);
    await this.deps.reports?.recorded(
      db,
      plans.flatMap((p) => (p.skip ? [p.id] : [])),
    );
    return plans.length;
  }
}
