import { formatDate, formatDateTime, formatMoney, formatTime } from "../../../core/templates/index.js";
import type { Clinic } from "../../directory/index.js";

/**
 * The context a template sees at send time: what the event or caller stored, the clinic as it
 * is now, ready-formatted dates and money in the clinic's timezone and the email's locale,
 * and the patient's own links.
 */
export function buildRenderContext(input: {
  stored: Record<string, unknown>;
  clinic: Clinic;
  locale: string;
  links: { preferencesUrl: string; unsubscribeUrl: string } | null;
}): Record<string, unknown> {
  const { stored, clinic, locale, links } = input;
  const tz = clinic.timezone;
  const ctx: Record<string, unknown> = {
    clinic_name: clinic.name,
    clinic_phone: clinic.phone ?? "",
    clinic_email: clinic.email ?? "",
    clinic_address: clinic.address ?? "",
    ...stored,
  };
  if (typeof stored.start_time === "string") {
    const start = new Date(stored.start_time);
    if (!Number.isNaN(start.getTime())) {
      ctx.start_time_formatted = formatDateTime(start, tz, locale);
      ctx.appointment_date = formatDate(start, tz, locale);
      ctx.appointment_time = formatTime(start, tz, locale);
    }
  }
  if (typeof stored.previous_start_time === "string") {
    const prev = new Date(stored.previous_start_time);
    if (!Number.isNaN(prev.getTime())) ctx.previous_start_time_formatted = formatDateTime(prev, tz, locale);
  }
  if (stored.total !== undefined && stored.total !== null && stored.total !== "") {
    ctx.total_formatted = formatMoney(String(stored.total), String(stored.currency ?? "EUR"), locale);
  }
  if (links) {
    ctx.preferences_url = links.preferencesUrl;
    ctx.unsubscribe_url = links.unsubscribeUrl;
  }
  return ctx;
}
