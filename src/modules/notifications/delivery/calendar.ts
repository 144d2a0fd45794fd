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
 * An iCalendar invitation (RFC 5545), written directly: one event whose every value is either
 * ours (UID, dates, numbers) or escaped here, so no general-purpose library (and its schema
 * validation of each event, which cost more than the rest of the email's assembly) is needed.
 * The UID is stable per appointment, so a patient's calendar updates the same entry on
 * reschedule (higher SEQUENCE) and removes it on CANCEL.
 */
export function buildCalendarInvite(input: CalendarInput, now: Date = new Date()): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "CALSCALE:GREGORIAN",
    "PRODID:dentalpin/notifications",
    `METHOD:${input.method}`,
    "BEGIN:VEVENT",
    `UID:appointment-${input.appointmentId}@dentalpin`,
    `SEQUENCE:${wholeNumber(input.sequence, "sequence")}`,
    `DTSTAMP:${utcDateTime(now)}`,
    `DTSTART:${utcDateTime(input.startTime)}`,
    `DURATION:PT${wholeNumber(input.durationMinutes, "durationMinutes")}M`,
    textProperty("SUMMARY", input.summary),
    textProperty("DESCRIPTION", input.description),
    textProperty("LOCATION", input.clinicAddress),
    `STATUS:${input.method === "CANCEL" ? "CANCELLED" : "CONFIRMED"}`,
    `ORGANIZER${cnParam(input.clinicName)}:MAILTO:${address(input.clinicEmail || "noreply@dentalpin.invalid")}`,
    `ATTENDEE;RSVP=FALSE${cnParam(input.attendeeName)}:mailto:${address(input.attendeeEmail)}`,
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines
    .filter((l): l is string => l !== null)
    .map(fold)
    .join("");
}

/** 20300304T093000Z */
function utcDateTime(d: Date): string {
  if (Number.isNaN(d.getTime())) throw new Error("could not build the calendar invitation: invalid date");
  return `${d.toISOString().slice(0, 19).replace(/[-:]/g, "")}Z`;
}

function wholeNumber(n: number, what: string): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`could not build the calendar invitation: ${what} ${n}`);
  return n;
}

/**
 * A CAL-ADDRESS is written as is (a URI, not TEXT): an address that could end the line or
 * the value, or start a parameter, is refused rather than repaired.
 */
function address(email: string): string {
  if (
    !/^[^\s";:,<>\\]+@[^\s";:,<>\\]+$/u.test(email) ||
    [...email].some((c) => isControlCharacter(c.codePointAt(0)!))
  )
    throw new Error("could not build the calendar invitation: invalid email address");
  return email;
}

function textProperty(name: string, text: string | null | undefined): string | null {
  const value = textValue(text);
  return value === undefined ? null : `${name}:${escapeText(value)}`;
}

/** RFC 5545 §3.3.11: backslash, semicolon and comma escaped, a line break written as `\n`. */
function escapeText(text: string): string {
  return text.replace(/[\\;,\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

function cnParam(name: string | null | undefined): string {
  const value = paramValue(name);
  return value === undefined ? "" : `;CN="${value}"`;
}

/**
 * RFC 5545 §3.1: a content line longer than 75 octets continues on the next line after CRLF
 * and one space. Lines break between characters, never inside one's UTF-8 bytes.
 */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return `${line}\r\n`;
  let out = "";
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > 75) {
      out += "\r\n ";
      octets = 1;
    }
    out += ch;
    octets += size;
  }
  return `${out}\r\n`;
}

const replaceControls = (text: string, keep: (ch: string) => boolean, by: string) =>
  Array.from(text, (ch) => (isControlCharacter(ch.codePointAt(0)!) && !keep(ch) ? by : ch)).join("");

/**
 * A parameter value (the CN of ORGANIZER and ATTENDEE), always written as a quoted string.
 * RFC 5545 has no escape for DQUOTE inside one (`\"` is taken by a strict reader as the end of
 * the value): so `"` becomes `'`, and line breaks and other control characters become spaces.
 * Inside the quotes `;`, `:` and `,` are plain text.
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
 * A TEXT value (SUMMARY, DESCRIPTION, LOCATION) before escaping: every kind of line break
 * (CRLF, a lone CR, U+2028, U+2029) becomes LF, written as `\n`; other control characters
 * but TAB are dropped.
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
