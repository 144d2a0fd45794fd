import type { Clock } from "../../../core/clock.js";
import type { EventBus, StoredEvent } from "../../../core/events/event-bus.js";
import { splitName } from "../../directory/index.js";
import { confirmationSkip } from "../decisions.js";
import type { DispatchBatch } from "./batch.js";
import type { NotificationService } from "./notification-service.js";
import type { ReminderPlanner } from "./reminders.js";

/** The payload as template context: everything but the clinic id, plus the patient's first name. */
export function eventContext(event: StoredEvent): Record<string, unknown> {
  const { clinic_id: _clinic, ...rest } = event.payload;
  return { ...rest, patient_first_name: splitName(event.payload.patient_name).firstName };
}

function common(event: StoredEvent, notificationType: string) {
  const p = event.payload;
  return {
    clinicId: event.clinicId,
    notificationType,
    toEmail: p.patient_email,
    toName: p.patient_name,
    patientId: p.patient_id,
    triggeredByEvent: event.name,
    eventId: event.id,
    dedupeKey: `event:${event.id}`,
    locale: p.preferred_locale ?? null,
  };
}

/**
 * What appointment emails need beyond the payload: the calendar SEQUENCE and duration from
 * the directory when it knows the appointment. For appointments only the platform knows, the
 * sequence continues from the invitations already sent for it (each change is one higher).
 */
async function appointmentDetails(batch: DispatchBatch, event: StoredEvent, change: boolean) {
  const p = event.payload as Record<string, unknown>;
  const appointmentId = String(p.appointment_id);
  const row = await batch.appointment(event.clinicId, appointmentId);
  let sequence = row?.sequence;
  if (sequence === undefined) {
    const last = await batch.lastSequence(event.clinicId, appointmentId);
    sequence = last === null ? 0 : change ? last + 1 : last;
  }
  return {
    sequence,
    duration_minutes:
      row?.durationMinutes ?? (typeof p.duration_minutes === "number" ? p.duration_minutes : 30),
    start_time: typeof p.start_time === "string" ? p.start_time : row?.startTime.toISOString(),
  };
}

/** The seed's handlers, plus appointment.rescheduled. Each one is idempotent per event id. */
export function registerNotificationHandlers(
  bus: EventBus<DispatchBatch>,
  deps: { notifications: NotificationService; reminders: ReminderPlanner; clock: Clock },
): void {
  const { notifications, reminders, clock } = deps;

  /** A booking or a move: the (updated) confirmation, and the reminder planned or moved. */
  const confirm = (rescheduled: boolean) => async (event: StoredEvent, batch: DispatchBatch) => {
    const details = await appointmentDetails(batch, event, rescheduled);
    const context = { ...eventContext(event), ...details, ...(rescheduled ? { is_rescheduled: true } : {}) };
    const appointmentId = String(event.payload.appointment_id);
    const startTime = new Date(String(event.payload.start_time));
    await notifications.queueNotification(batch, {
      ...common(event, "appointment_confirmation"),
      context,
      appointmentId,
      appointmentStartAt: startTime,
      // Booked or moved into the past: logged skipped, never sent (nor is a reminder planned).
      skipReason: confirmationSkip(startTime, clock.now()),
    });
    const reminder = { ...common(event, "appointment_reminder"), context, appointmentId, startTime };
    await (rescheduled ? reminders.move(batch, reminder) : reminders.plan(batch, reminder));
  };
  bus.on("appointment.scheduled", confirm(false));
  bus.on("appointment.rescheduled", confirm(true));

  bus.on("appointment.cancelled", async (event, batch) => {
    const details = await appointmentDetails(batch, event, true);
    const appointmentId = String(event.payload.appointment_id);
    await reminders.cancel(batch, event.clinicId, appointmentId);
    await notifications.queueNotification(batch, {
      ...common(event, "appointment_cancelled"),
      context: { ...eventContext(event), ...details },
      appointmentId,
    });
  });

  bus.on("patient.created", async (event, batch) => {
    await notifications.queueNotification(batch, {
      ...common(event, "welcome"),
      context: eventContext(event),
    });
  });

  bus.on("budget.sent", async (event, batch) => {
    await notifications.queueNotification(batch, {
      ...common(event, "budget_sent"),
      context: eventContext(event),
      budgetId: String(event.payload.budget_id),
    });
  });

  bus.on("budget.accepted", async (event, batch) => {
    await notifications.queueNotification(batch, {
      ...common(event, "budget_accepted"),
      context: eventContext(event),
      budgetId: String(event.payload.budget_id),
    });
  });
}
