import { createEvent } from "ics";

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
    title: input.summary,
    description: input.description,
    location: input.clinicAddress ?? undefined,
    organizer: { name: input.clinicName, email: input.clinicEmail || "noreply@dentalpin.invalid" },
    attendees: [{ name: input.attendeeName ?? undefined, email: input.attendeeEmail, rsvp: false }],
    productId: "dentalpin/notifications",
  });
  if (error || !value) throw new Error(`could not build the calendar invitation: ${error?.message}`);
  return value;
}
