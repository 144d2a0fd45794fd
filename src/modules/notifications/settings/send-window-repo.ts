import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { clinicNotificationSettings, clinics } from "../../../core/db/schema.js";
import { type FieldError, ValidationError } from "../../../core/errors.js";
import { DEFAULT_SEND_WINDOW, minutesOfDay, type SendWindow, sendWindowOf } from "../send-window.js";

/** A clinic's sending window and the clock it is read on. */
export interface ClinicSendWindow {
  window: SendWindow | null;
  timeZone: string;
}

/**
 * The sending windows of several clinics, keyed by clinic id, in one query. A clinic with no
 * settings row has the default window; an unknown clinic id has no entry.
 */
export async function getSendWindowsOf(
  db: DbOrTx,
  clinicIds: string[],
): Promise<Map<string, ClinicSendWindow>> {
  if (clinicIds.length === 0) return new Map();
  const rows = await db
    .select({
      clinicId: clinics.id,
      timeZone: clinics.timezone,
      hasSettings: clinicNotificationSettings.id,
      start: clinicNotificationSettings.sendWindowStart,
      end: clinicNotificationSettings.sendWindowEnd,
    })
    .from(clinics)
    .leftJoin(clinicNotificationSettings, eq(clinicNotificationSettings.clinicId, clinics.id))
    .where(inArray(clinics.id, [...new Set(clinicIds)]));
  return new Map(
    rows.map((r) => [
      r.clinicId,
      {
        timeZone: r.timeZone,
        window: r.hasSettings ? sendWindowOf(r.start, r.end) : DEFAULT_SEND_WINDOW,
      },
    ]),
  );
}

export async function getSendWindow(db: DbOrTx, clinicId: string): Promise<ClinicSendWindow | undefined> {
  return (await getSendWindowsOf(db, [clinicId])).get(clinicId);
}

/** The window as the API shows it: both ends, or both null. */
export function sendWindowView(window: SendWindow | null): { start: string | null; end: string | null } {
  return window ?? { start: null, end: null };
}

/** Checks a window sent by a client: `HH:MM` ends, start before end, or both null. */
export function parseSendWindow(input: { start: string | null; end: string | null }): SendWindow | null {
  const errors: FieldError[] = [];
  const { start, end } = input;
  if (start === null && end === null) return null;
  for (const [name, value] of [
    ["start", start],
    ["end", end],
  ] as const) {
    if (value === null) {
      errors.push({
        field: `send_window.${name}`,
        message: "set both ends of the window, or neither for no quiet hours",
        code: "required",
      });
    } else if (minutesOfDay(value) === null) {
      errors.push({
        field: `send_window.${name}`,
        message: "expected a time as HH:MM, from 00:00 to 23:59",
        code: "invalid_format",
      });
    }
  }
  if (errors.length === 0 && minutesOfDay(start!)! >= minutesOfDay(end!)!) {
    errors.push({
      field: "send_window.end",
      message: "the window must end after it starts (on the same day)",
      code: "end_before_start",
    });
  }
  if (errors.length) throw new ValidationError(errors);
  return { start: start!, end: end! };
}

export async function saveSendWindow(db: DbOrTx, clinicId: string, window: SendWindow | null) {
  const ends = { sendWindowStart: window?.start ?? null, sendWindowEnd: window?.end ?? null };
  await db
    .insert(clinicNotificationSettings)
    .values({ clinicId, ...ends })
    .onConflictDoUpdate({
      target: clinicNotificationSettings.clinicId,
      set: { ...ends, updatedAt: new Date() },
    });
}
