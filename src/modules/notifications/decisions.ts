import type { NotificationTypeSettings } from "../../core/db/schema.js";

/** The seed's reasons, exactly. */
export type SkipReason =
  | "disabled_at_clinic_level"
  | "manual_send_required"
  | "patient_opted_out"
  | `patient_opted_out_of_${string}`;

export interface PatientPreferenceView {
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
}

/**
 * Should this notification go out? Clinic first (is the type on; is it automatic unless a
 * person asked for it), then the patient (master toggle, then the type). A patient with no
 * preferences row has opted out of nothing.
 */
export function shouldSend(input: {
  notificationType: string;
  clinicSettings: NotificationTypeSettings | undefined;
  preference: PatientPreferenceView | null;
  manual: boolean;
}): [true, null] | [false, SkipReason] {
  const { notificationType, clinicSettings, preference, manual } = input;
  if (!clinicSettings?.enabled) return [false, "disabled_at_clinic_level"];
  if (!manual && !clinicSettings.auto_send) return [false, "manual_send_required"];
  if (preference) {
    if (!preference.emailEnabled) return [false, "patient_opted_out"];
    if (preference.preferences[notificationType] === false)
      return [false, `patient_opted_out_of_${notificationType}`];
  }
  return [true, null];
}

/** Why an appointment email is not sent, beyond the seed's reasons. */
export type AppointmentSkipReason = "too_late" | "appointment_in_past";

/**
 * A confirmation is of no use once the appointment has begun (booked or moved into the past):
 * it is logged skipped with `appointment_in_past`, never sent.
 */
export function confirmationSkip(startTime: Date, now: Date): "appointment_in_past" | null {
  return startTime.getTime() <= now.getTime() ? "appointment_in_past" : null;
}

/** A reminder booked inside its window still goes out while the visit is this far away. */
export const LATE_REMINDER_MIN_LEAD_MS = 2 * 3600_000;

/**
 * When the reminder is due. Normally start − hours_before. Booked inside that window: at once
 * if the appointment is still more than 2 hours away, otherwise not at all (`too_late`, or
 * `appointment_in_past` when it has already begun).
 */
export function reminderDueAt(
  startTime: Date,
  hoursBefore: number,
  now: Date,
): { dueAt: Date; skip: null } | { dueAt: null; skip: AppointmentSkipReason } {
  const inPast = confirmationSkip(startTime, now);
  if (inPast) return { dueAt: null, skip: inPast };
  const due = new Date(startTime.getTime() - hoursBefore * 3600_000);
  if (due.getTime() > now.getTime()) return { dueAt: due, skip: null };
  if (startTime.getTime() - now.getTime() > LATE_REMINDER_MIN_LEAD_MS) return { dueAt: now, skip: null };
  return { dueAt: null, skip: "too_late" };
}

/** Retries: one policy for emails and events (see core/retry.ts). */
export { afterFailure, nextAttemptAt, outcomeAfterAttempt, type RetryPolicy } from "../../core/retry.js";
