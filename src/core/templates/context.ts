/** Helpers that shape the render context: date values with `.strftime`, sample data for previews. */

import { formatDate, formatDateTime, formatMoney, formatTime } from "./format.js";
import { toPyDate } from "./jinja/dates.js";

/** Context fields that carry an instant as an ISO string and become date values in templates. */
export const DATE_FIELDS = ["start_time", "end_time", "previous_start_time"] as const;

/**
 * Turns the known ISO date fields into date values: they support `.strftime(fmt)` (month and
 * day names in the email's locale) and print like Python's datetime str(), e.g.
 * "2026-12-01 10:30:00", as wall-clock time in the clinic's time zone.
 */
export function withDateValues(
  context: Record<string, unknown>,
  opts: { timeZone: string; locale: string },
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...context };
  for (const field of DATE_FIELDS) {
    const v = context[field];
    const date = typeof v === "string" ? new Date(v) : v instanceof Date ? v : null;
    if (date && !Number.isNaN(date.getTime())) out[field] = toPyDate(date, opts.timeZone, opts.locale);
  }
  return out;
}

const SAMPLE_TZ = "Europe/Madrid";

/** Realistic data for previews: what the pipeline would pass for this notification type. */
export function sampleContext(templateKey: string, locale: string): Record<string, unknown> {
  const es = !locale.startsWith("en");
  const start = new Date("2026-12-01T09:30:00Z");
  const base: Record<string, unknown> = {
    patient_name: es ? "María García López" : "Mary Johnson",
    patient_first_name: es ? "María" : "Mary",
    clinic_name: es ? "Clínica Dental Sonrisa" : "Bright Smile Dental",
    clinic_phone: "+34 912 345 678",
    clinic_email: "citas@clinicasonrisa.es",
    clinic_address: "Calle Mayor 12, 28013 Madrid",
    preferences_url: "https://example.com/p/preferences?token=sample",
    unsubscribe_url: "https://example.com/p/unsubscribe?token=sample",
  };
  const appointment = {
    start_time: start.toISOString(),
    start_time_formatted: formatDateTime(start, SAMPLE_TZ, locale),
    appointment_date: formatDate(start, SAMPLE_TZ, locale),
    appointment_time: formatTime(start, SAMPLE_TZ, locale),
    professional_name: es ? "Dra. Laura Martín" : "Dr. Laura Martin",
    duration_minutes: 30,
    is_rescheduled: false,
  };
  switch (templateKey) {
    case "appointment_confirmation":
    case "appointment_reminder":
      return {
        ...base,
        ...appointment,
        confirm_url: "https://example.com/p/confirm/sample",
        cancel_url: "https://example.com/p/cancel/sample",
      };
    case "appointment_cancelled":
      return {
        ...base,
        ...appointment,
        reason: es ? "La profesional no está disponible ese día." : "The dentist is not available that day.",
      };
    case "budget_sent":
    case "budget_accepted":
      return {
        ...base,
        budget_number: "P-2026-0042",
        total: "1250.00",
        total_formatted: formatMoney("1250.00", "EUR", locale),
        currency: "EUR",
        items: [
          {
            description: es ? "Limpieza dental" : "Dental cleaning",
            quantity: 1,
            unit_price: "60.00",
            total: "60.00",
          },
          {
            description: es ? "Implante dental" : "Dental implant",
            quantity: 1,
            unit_price: "1190.00",
            total: "1190.00",
          },
        ],
      };
    default:
      return base;
  }
}
