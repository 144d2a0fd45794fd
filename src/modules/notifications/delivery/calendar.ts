import { createEvent } from "ics";
import { isControlCharacter } from "../../../core/plain-text.js";

export interface CalendarInput {
  appointmentId: string;
  clinicName: string;
  clinicEmail?: string | null;
  clinicAddress?: string | null;
  startTime: Date;
  durationMinutes: number;
  sequence: number;
  method: "REQUEST" | "CANCEL";
  summary: string;
  description?: string;
  attendeeEmail: string;
  attendeeName?: string | null;
}

/**
 * An iCalendar invitation. The UID is stable per appointment, so a patient's calendar
 * updates the same entry on reschedule (higher SEQUENCE) and removes it on CANCEL.
 */
export function buildCalendarInvite(input: CalendarInput): string {
  const { error, value } = createEvent({
    uid: `appointment-${input.appointmentId}@dentalpin`,
    sequence: input.sequence,
    method: input.method,
    status: input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED",
    start: input.startTime.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    duration: { minutes: input.durationMinutes },
    title: textValue(input.summary),
    description: textValue(input.description),
    location: textValue(input.clinicAddress),
    organizer: {
      name: paramValue(input.clinicName),
      email: input.clinicEmail || "noreply@dentalpin.invalid",
    },
    attendees: [{ name: paramValue(input.attendeeName), email: input.attendeeEmail, rsvp: false }],
    productId: "dentalpin/notifications",
  });
  if (error || !value) throw new Error(`could not build the calendar invitation: ${error?.message}`);
  return value;
}

const replaceControls = (text: string, keep: (ch: string) => boolean, by: string) =>
  Array.from(text, (ch) => (isControlCharacter(ch.codePointAt(0)!) && !keep(ch) ? by : ch)).join("");

/**
 * A parameter value (the CN of ORGANIZER and ATTENDEE). `ics` always writes it as a quoted
 * string, and RFC 5545 has no escape for DQUOTE inside one (it turns `"` into `\"`, which a
 * strict reader takes as the end of the value): so `"` becomes `'`, and line breaks and other
 * control characters become spaces. Inside the quotes `;`, `:` and `,` are plain text.
 */
export function paramValue(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const clean = replaceControls(text, () => false, " ")
    .replace(/"/g, "'")
    .replace(/\s+/g, " ")
    .trim();
  return clean || undefined;
}

/**
 * A TEXT value (SUMMARY, DESCRIPTION, LOCATION): every kind of line break (CRLF, a lone CR
 * that `ics` would leave raw, U+2028, U+2029) becomes LF, which `ics` escapes as `\n` together
 * with `\`, `;` and `,` (RFC 5545 §3.3.11); other control characters but TAB are dropped.
 */
export function textValue(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  const clean = replaceControls(
    text.replace(/\r\n?|\u2028|\u2029/g, "\n"),
    (ch) => ch === "\n" || ch === "\t",
    "",
  );
  return clean || undefined;
}
