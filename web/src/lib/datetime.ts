// Clinic-timezone date handling. Staff type wall-clock times of the clinic, whatever the
// browser's own timezone is; the API wants ISO 8601 instants with an explicit offset.

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function wallClockIn(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).formatToParts(instant);
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  return { year: n("year"), month: n("month"), day: n("day"), hour: n("hour"), minute: n("minute") };
}

/** Minutes to add to UTC to get the wall clock of `timeZone` at `instant`. */
export function tzOffsetMinutes(instant: Date, timeZone: string): number {
  const w = wallClockIn(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const truncated = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - truncated) / 60_000);
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? "-" : "+";
  return `${sign}${pad(Math.trunc(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
}

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * "2025-03-30T10:00" typed in `timeZone` → "2025-03-30T10:00:00+02:00".
 * Returns null for input that is not a date(-time). During a DST gap the time is moved
 * forward, as clocks are.
 */
export function zonedInputToIso(local: string, timeZone: string): string | null {
  const m = LOCAL_RE.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4] ?? "0", m[5] ?? "0"].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const wallAsUtc = Date.UTC(y, mo - 1, d, h, mi);
  // Two passes: the offset at the guessed instant may differ from the one at the true instant
  // when a DST change lies between them.
  let offset = tzOffsetMinutes(new Date(wallAsUtc), timeZone);
  offset = tzOffsetMinutes(new Date(wallAsUtc - offset * 60_000), timeZone);
  const instant = new Date(wallAsUtc - offset * 60_000);
  // Print the instant as that zone shows it: inside a DST gap this is not what was typed.
  const w = wallClockIn(instant, timeZone);
  const actual = tzOffsetMinutes(instant, timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:00${formatOffset(actual)}`;
}

/** An ISO instant → "YYYY-MM-DDTHH:mm" on the clinic's wall clock (for datetime-local inputs). */
export function isoToZonedInput(iso: string, timeZone: string): string {
  const w = wallClockIn(new Date(iso), timeZone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** Start of the next day after `date` ("YYYY-MM-DD"), as a wall-clock input string. */
export function nextDay(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, m - 1, d + 1));
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}T00:00`;
}

/**
 * The clock the clinic's locale reads ("es" → 24-hour, "en-US" → 12-hour), so a member of staff
 * who picked another UI language still sees the clinic's times as the clinic writes them.
 */
export function hourCycleOf(
  clinicLocale: string | null | undefined,
): Intl.DateTimeFormatOptions["hourCycle"] {
  if (!clinicLocale) return undefined;
  try {
    return new Intl.DateTimeFormat(clinicLocale, { hour: "numeric" }).resolvedOptions().hourCycle;
  } catch {
    return undefined;
  }
}

/**
 * An instant on the clinic's wall clock, in the UI's language (`locale`) and, when given, the
 * clinic's locale's clock (`clinicLocale`).
 */
export function formatDateTime(
  iso: string | null | undefined,
  locale: string,
  timeZone: string,
  clinicLocale?: string | null,
): string {
  if (!iso) return "";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const hourCycle = hourCycleOf(clinicLocale);
  return new Intl.DateTimeFormat(locale, {
    timeZone,
    dateStyle: "medium",
    timeStyle: "short",
    ...(hourCycle ? { hourCycle } : {}),
  }).format(date);
}
