import type { DbOrTx } from "../../../core/db/client.js";
import { REMINDER, rescheduleWaiting } from "../outbox/index.js";
import { fitSendWindow } from "../send-window.js";
import { getSendWindow } from "../settings/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";

/**
 * After the clinic's sending window changes (read in `db`, so a change made in the same
 * transaction counts): the automatic emails of types that wait for it — other than reminders,
 * which ReminderPlanner.replan plans again from their appointment — were meant to go at once,
 * so each goes at once again, or at the new window's next opening.
 */
export async function refitWaitingEmails(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicId: string,
  now: Date,
): Promise<number> {
  const clinic = await getSendWindow(db, clinicId);
  if (!clinic) return 0;
  const types = registry
    .all()
    .filter((t) => t.quietHours && t.key !== REMINDER)
    .map((t) => t.key);
  const fitted = fitSendWindow({ planned: now, window: clinic.window, timeZone: clinic.timeZone, now });
  return rescheduleWaiting(db, clinicId, types, fitted, now);
}
