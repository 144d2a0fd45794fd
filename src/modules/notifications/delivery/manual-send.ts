import type { Database } from "../../../core/db/client.js";
import { NotFoundError, ValidationError } from "../../../core/errors.js";
import {
  findAppointment,
  findBudget,
  findPatient,
  findProfessional,
  fullName,
} from "../../directory/index.js";
import type { NotificationService } from "../dispatch/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";

export interface ManualSendInput {
  notification_type: string;
  patient_id: string;
  appointment_id?: string;
  budget_id?: string;
  custom_context?: Record<string, unknown>;
}

/**
 * The seed's manual send: load the patient (and appointment or budget) of this clinic,
 * build the context, send now, log, and say what happened.
 */
export async function manualSend(
  app: { database: Database; registry: NotificationTypeRegistry; notifications: NotificationService },
  clinicId: string,
  userId: string | null,
  input: ManualSendInput,
) {
  const db = app.database.db;
  app.registry.assertKnown(input.notification_type, "notification_type");
  const patient = await findPatient(db, clinicId, input.patient_id);
  if (!patient) throw new NotFoundError("patient");
  if (!patient.email) throw ValidationError.field("patient_id", "this patient has no email address");
  const context: Record<string, unknown> = {
    patient_id: patient.id,
    patient_name: fullName(patient),
    patient_first_name: patient.firstName,
    patient_email: patient.email,
  };
  let appointmentId: string | null = null;
  let budgetId: string | null = null;
  if (input.appointment_id) {
    const a = await findAppointment(db, clinicId, input.appointment_id);
    if (!a) throw new NotFoundError("appointment");
    if (a.patientId !== patient.id)
      throw ValidationError.field("appointment_id", "belongs to another patient");
    const pro = a.professionalId ? await findProfessional(db, clinicId, a.professionalId) : undefined;
    appointmentId = a.id;
    Object.assign(context, {
      appointment_id: a.id,
      start_time: a.startTime.toISOString(),
      duration_minutes: a.durationMinutes,
      professional_name: pro ? fullName(pro) : null,
      reason: a.cancelReason,
      sequence: a.sequence,
    });
  }
  if (input.budget_id) {
    const b = await findBudget(db, clinicId, input.budget_id);
    if (!b) throw new NotFoundError("budget");
    if (b.patientId !== patient.id) throw ValidationError.field("budget_id", "belongs to another patient");
    budgetId = b.id;
    Object.assign(context, {
      budget_id: b.id,
      budget_number: b.budgetNumber,
      total: b.total,
      currency: b.currency,
      items: b.items,
    });
  }
  const needs = {
    appointment: input.notification_type.startsWith("appointment_"),
    budget: input.notification_type.startsWith("budget_"),
  };
  if (needs.appointment && !appointmentId)
    throw ValidationError.field("appointment_id", `is required for ${input.notification_type}`);
  if (needs.budget && !budgetId)
    throw ValidationError.field("budget_id", `is required for ${input.notification_type}`);

  const result = await app.notifications.sendNotification({
    clinicId,
    notificationType: input.notification_type,
    toEmail: patient.email,
    toName: fullName(patient),
    context: { ...context, ...input.custom_context },
    patientId: patient.id,
    triggeredByEvent: "manual",
    triggeredByUserId: userId,
    manual: true,
    appointmentId,
    budgetId,
    wait: true,
  });
  const message =
    result.status === "sent"
      ? `Email sent to ${patient.email}`
      : result.status === "skipped"
        ? `Not sent: ${result.errorMessage}`
        : result.status === "pending"
          ? result.errorMessage
            ? `Not sent yet (${result.errorMessage}); it will be retried`
            : "Queued for sending"
          : `Sending failed: ${result.errorMessage}`;
  return {
    success: result.status === "sent" || result.status === "pending",
    message,
    log_id: result.logId,
    status: result.status,
  };
}
