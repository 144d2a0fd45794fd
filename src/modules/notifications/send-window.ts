import { DateTime } from "luxon";

/** The hours of the clinic's day (`HH:MM` on its clock) when automatic emails may go out. */
export interface SendWindow {
  start: string;
  end: string;
}

export const DEFAULT_SEND_WINDOW: SendWindow = { start: "08:00", end: "21:00" };

/**
 * Why an email was planned for another time than its own (`email_logs.schedule_note`):
 * - `quiet_hours`: it fell in the quiet hours and waits for the window's opening;
 * - `quiet_hours_previous_close`: the window opens only after the appointment, so it goes at
 *   the window's close before it;
 * - `quiet_hours_no_window_left`: no time of the window remains before the appointment, so it
 *   goes at its own time, in the quiet hours.
 */
export const SCHEDULE_NOTES = [
  "quiet_hours",
  "quiet_hours_previous_close",
  "quiet_hours_no_window_left",
] as const;
export type ScheduleNote = (typeof SCHEDULE_NOTES)[number];

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of a `HH:MM` time, or null when it is not one. */
export function minutesOfDay(hhmm: string): number | null {
  const m = HH_MM.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** The stored ends as a window: both set, or none (no quiet hours). */
export function sendWindowOf(start: string | null, end: string | null): SendWindow | null {
  return start && end ? { start, end } : null;
}

/** `day`'s date at `hhmm` on the same clock (a time skipped by a DST change moves forward). */
function at(day: DateTime, hhmm: string): DateTime {
  const minutes = minutesOfDay(hhmm) ?? 0;
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60, second: 0, millisecond: 0 });
}

/**
 * When an email planned for `planned` may go, given the clinic's window: unchanged inside it
 * (or with no window); otherwise the window's next opening, unless that is not before the
 * appointment — then the window's last close before it, if that is still to come (after
 * `now`); failing both, its own time. Pure; the clock is the clinic's `timeZone`.
 */
export function fitSendWindow(input: {
  planned: Date;
  window: SendWindow | null;
  timeZone: string;
  now: Date;
  appointmentStart?: Date | null;
}): { at: Date; note: ScheduleNote | null } {
  const { planned, window, timeZone, now, appointmentStart } = input;
  if (!window) return { at: planned, note: null };
  const local = DateTime.fromJSDate(planned, { zone: timeZone });
  const open = at(local, window.start);
  const close = at(local, window.end);
  // Both ends belong to the window: 21:00 is still inside 08:00–21:00.
  if (local >= open && local <= close) return { at: planned, note: null };

  const early = local < open;
  const nextOpen = early ? open : at(local.plus({ days: 1 }), window.start);
  const previousClose = early ? at(local.minus({ days: 1 }), window.end) : close;
  const before = (t: DateTime) => !appointmentStart || t.toMillis() < appointmentStart.getTime();
  if (before(nextOpen)) return { at: nextOpen.toJSDate(), note: "quiet_hours" };
  if (previousClose.toMillis() > now.getTime()) {
    return { at: previousClose.toJSDate(), note: "quiet_hours_previous_close" };
  }
  return { at: planned, note: "quiet_hours_no_window_left" };
}
