import type { AppointmentSkipReason, SkipReason } from "./decisions.js";

/**
 * Every reason a log entry can carry for an email that was not sent (`error_message` of a
 * `skipped` entry), with the key the staff UI words it by (web/src/i18n). GET
 * /notifications/types answers this list, so clients need not copy it.
 */
type FixedReason =
  | Exclude<SkipReason, `patient_opted_out_of_${string}`>
  | AppointmentSkipReason
  | "appointment_cancelled"
  | "no_valid_email_address"
  | "email_disabled"
  | "email_bouncing";

const FIXED: Record<FixedReason, string> = {
  disabled_at_clinic_level: "reason.disabled",
  manual_send_required: "reason.manual",
  patient_opted_out: "reason.optedOut",
  appointment_cancelled: "reason.cancelled",
  too_late: "reason.tooLate",
  appointment_in_past: "reason.inPast",
  no_valid_email_address: "reason.noEmail",
  email_disabled: "reason.emailDisabled",
  email_bouncing: "reason.bouncing",
};

export interface SkipReasonInfo {
  /** The code as logged; a family of codes (one per type) is written with `{type}`. */
  code: string;
  /** A regular expression matching the family's codes, its named group `type` the type. */
  pattern: string | null;
  i18n_key: string;
}

export const SKIP_REASONS: SkipReasonInfo[] = [
  ...Object.entries(FIXED).map(([code, i18n_key]) => ({ code, pattern: null, i18n_key })),
  {
    code: "patient_opted_out_of_{type}",
    pattern: "^patient_opted_out_of_(?<type>[a-z0-9_]+)$",
    i18n_key: "reason.optedOutOf",
  },
];
