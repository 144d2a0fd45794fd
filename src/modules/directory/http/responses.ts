import { z } from "zod";
import { PATIENT_RESPONSES } from "../../../core/db/schema.js";
import { isoString } from "../../../http/responses.js";

/** What the directory's routes answer (inside `{"data": …}`), as the OpenAPI document shows it. */

export const clinicSchema = z
  .strictObject({
    id: z.uuid(),
    name: z.string(),
    timezone: z.string(),
    default_locale: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    address: z.string().nullable(),
  })
  .meta({ id: "Clinic" });

export const userSchema = z
  .strictObject({
    id: z.uuid().nullable(),
    /** Null for a token minted for a service rather than a person. */
    email: z.string().nullable(),
    role: z.string().nullable(),
    permissions: z.array(z.string()),
    clinic_id: z.uuid(),
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
  })
  .meta({ id: "User" });

export const sessionSchema = z
  .strictObject({ token: z.string(), expires_at: isoString, user: userSchema, clinic: clinicSchema })
  .meta({ id: "Session" });

export const meSchema = z.strictObject({ user: userSchema, clinic: clinicSchema }).meta({ id: "Me" });

/** The id of the event a change published (its emails: GET /notifications/logs?event_id=). */
const eventId = { event_id: z.uuid() };

export const patientSchema = z
  .strictObject({
    id: z.uuid(),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    preferred_locale: z.string().nullable(),
    /** The address is on the clinic's suppression list (it bounced) since then; null if not. */
    email_bounced_at: isoString.nullable(),
    /** The receiving server's reply when it bounced. */
    email_bounce_reply: z.string().nullable(),
    created_at: isoString,
    updated_at: isoString,
  })
  .meta({ id: "Patient" });
export const publishedPatientSchema = patientSchema.extend(eventId).meta({ id: "PublishedPatient" });

export const professionalSchema = z
  .strictObject({
    id: z.uuid(),
    first_name: z.string(),
    last_name: z.string(),
    email: z.string().nullable(),
    created_at: isoString,
  })
  .meta({ id: "Professional" });

export const appointmentSchema = z
  .strictObject({
    id: z.uuid(),
    patient_id: z.uuid(),
    patient_name: z.string().nullable(),
    professional_id: z.uuid().nullable(),
    professional_name: z.string().nullable(),
    start_time: isoString,
    duration_minutes: z.number().int(),
    reason: z.string().nullable(),
    status: z.enum(["scheduled", "cancelled"]),
    cancel_reason: z.string().nullable(),
    /** The patient's answer from an email's link; cleared when the appointment moves. */
    patient_response: z.enum(PATIENT_RESPONSES).nullable(),
    patient_responded_at: isoString.nullable(),
    created_at: isoString,
    updated_at: isoString,
  })
  .meta({ id: "Appointment" });
export const publishedAppointmentSchema = appointmentSchema
  .extend(eventId)
  .meta({ id: "PublishedAppointment" });

export const budgetItemSchema = z
  .strictObject({
    description: z.string(),
    quantity: z.number().optional(),
    unit_price: z.string().optional(),
    total: z.string().optional(),
  })
  .meta({ id: "BudgetItem" });

export const budgetSchema = z
  .strictObject({
    id: z.uuid(),
    patient_id: z.uuid(),
    patient_name: z.string().nullable(),
    budget_number: z.string(),
    total: z.string(),
    currency: z.string(),
    items: z.array(budgetItemSchema),
    status: z.enum(["draft", "sent", "accepted"]),
    sent_at: isoString.nullable(),
    accepted_at: isoString.nullable(),
    created_at: isoString,
  })
  .meta({ id: "Budget" });
export const publishedBudgetSchema = budgetSchema.extend(eventId).meta({ id: "PublishedBudget" });
