import { formatDate, formatDateTime, formatMoney, formatTime } from "../../../core/templates/index.js";
import type { Clinic } from "../../directory/index.js";

/** The keys `buildRenderContext` derives; a value the caller gives for one of them wins. */
export const DERIVED_KEYS = [
  "start_time_formatted",
  "appointment_date",
  "appointment_time",
  "previous_start_time_formatted",
  "total_formatted",
] as const;

/** `context` without the derived keys (e.g. a preview's sample, derived from its own sample data). */
export function withoutDerived(context: Record<string, unknown>): Record<string, unknown> {
  const out = { ...context };
  for (const key of DERIVED_KEYS) delete out[key];
  return out;
}

/**
 * A preview's context: the sample patient and appointment (or budget) of `sample`, at the
 * clinic as it is (its name, address, phone and email) with one of its own professionals; the
 * sample's values stay only for what the clinic lacks. Derived keys are left out, to be derived
 * again from the values kept.
 */
export function clinicSample(
  sample: Record<string, unknown>,
  clinic: Clinic,
  professionalName: string | null,
): Record<string, unknown> {
  const out = withoutDerived(sample);
  const own: Record<string, string | null> = {
    clinic_name: clinic.name,
    clinic_address: clinic.address,
    clinic_phone: clinic.phone,
    clinic_email: clinic.email,
  };
  if ("professional_name" in out) own.professional_name = professionalName;
  for (const [key, value] of Object.entries(own)) if (value) out[key] = value;
  return out;
}

/**
 * The context a template sees at send time: what the event or caller stored, the clinic as it
 * is now, ready-formatted dates and money in the clinic's timezone and the email's locale,
 * and the patient's own links (and an appointment email's answer links). What the caller stored wins: a derived value (the formatted
 * date, time and money) only fills a key the stored context left out.
 */
export function buildRenderContext(input: {
  stored: Record<string, unknown>;
  clinic: Clinic;
  locale: string;
  links: { preferencesUrl: string; unsubscribeUrl: string } | null;
  /** An appointment email's "confirm" / "I can't come" links, when it carries them. */
  answers?: { confirmUrl: string; cancelUrl: string } | null;
}): Record<string, unknown> {
  const { stored, clinic, locale, links, answers } = input;
  const tz = clinic.timezone;
  const derived: Record<string, unknown> = {};
  if (typeof stored.start_time === "string") {
    const start = new Date(stored.start_time);
    if (!Number.isNaN(start.getTime())) {
      derived.start_time_formatted = formatDateTime(start, tz, locale);
      derived.appointment_date = formatDate(start, tz, locale);
      derived.appointment_time = formatTime(start, tz, locale);
    }
  }
  if (typeof stored.previous_start_time === "string") {
    const prev = new Date(stored.previous_start_time);
    if (!Number.isNaN(prev.getTime()))
      derived.previous_start_time_formatted = formatDateTime(prev, tz, locale);
  }
  if (stored.total !== undefined && stored.total !== null && stored.total !== "") {
    derived.total_formatted = formatMoney(String(stored.total), String(stored.currency ?? "EUR"), locale);
  }
  const ctx: Record<string, unknown> = {
    clinic_name: clinic.name,
    clinic_phone: clinic.phone ?? "",
    clinic_email: clinic.email ?? "",
    clinic_address: clinic.address ?? "",
    ...derived,
    ...stored,
  };
  if (links) {
    ctx.preferences_url = links.preferencesUrl;
    ctx.unsubscribe_url = links.unsubscribeUrl;
  }
  if (answers) {
    ctx.confirm_url = answers.confirmUrl;
    ctx.cancel_url = answers.cancelUrl;
  }
  return ctx;
}
