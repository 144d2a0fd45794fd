import { z } from "zod";
import type { PatientResponse } from "../../core/db/schema.js";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "../../core/plain-text.js";

const uuid = z.uuid({ message: "expected a UUID" });
const isoWithOffset = z.iso.datetime({ offset: true, message: "expected an ISO 8601 date-time with offset" });
const email = z.email({ message: "expected an email address" }).max(254).nullable();
const oneLine = z.string().refine((v) => !hasControlCharacters(v), CONTROL_CHARACTERS_MESSAGE);
const name = oneLine.trim().min(1, "must not be empty").max(200);
const locale = z
  .string()
  .regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a locale such as es or en")
  .optional();

/**
 * What every patient-facing event carries (the seed's payloads; the bus's EventPayload); extra
 * fields go to templates. Also the schema of events a module registers without one of its own.
 */
export const patientPayload = z.looseObject({
  clinic_id: uuid,
  patient_id: uuid,
  patient_email: email,
  patient_name: name,
  preferred_locale: locale,
});

/** What a booking or a move may say of the appointment, besides its time. */
const appointmentExtras = {
  professional_name: oneLine.max(200).nullable().optional(),
  duration_minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .optional(),
};

/** A patient's answer from an email's link (the platform decides what follows, e.g. cancelling). */
const patientAnswer = (response: PatientResponse) =>
  patientPayload.extend({
    appointment_id: uuid,
    start_time: isoWithOffset,
    responded_at: isoWithOffset,
    response: z.literal(response),
  });

/** The clinic directory's events: what happens to its appointments, patients and budgets. */
export const DIRECTORY_EVENT_SCHEMAS = {
  "appointment.scheduled": patientPayload.extend({
    appointment_id: uuid,
    start_time: isoWithOffset,
    ...appointmentExtras,
  }),
  "appointment.cancelled": patientPayload.extend({
    appointment_id: uuid,
    reason: z.string().max(2000).nullable().optional(),
    start_time: isoWithOffset.optional(),
  }),
  "appointment.rescheduled": patientPayload.extend({
    appointment_id: uuid,
    start_time: isoWithOffset,
    previous_start_time: isoWithOffset.optional(),
    ...appointmentExtras,
  }),
  "appointment.confirmed_by_patient": patientAnswer("confirmed"),
  "appointment.cancellation_requested": patientAnswer("cancellation_requested"),
  "patient.created": patientPayload,
  "budget.sent": patientPayload.extend({
    budget_id: uuid,
    budget_number: z.string().min(1).max(100),
    total: z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'expected a decimal amount such as "1250.00"'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, "expected an ISO 4217 currency such as EUR")
      .optional(),
  }),
  "budget.accepted": patientPayload.extend({
    budget_id: uuid,
    budget_number: z.string().min(1).max(100).optional(),
    total: z.string().optional(),
    currency: z.string().optional(),
  }),
} as const;

export type DirectoryEventName = keyof typeof DIRECTORY_EVENT_SCHEMAS;
