import type { Clock } from "../../core/clock.js";
import type { Database, DbOrTx } from "../../core/db/client.js";
import type { BudgetItem, PatientResponse } from "../../core/db/schema.js";
import { ConflictError, NotFoundError } from "../../core/errors.js";
import type { EventBus } from "../../core/events/event-bus.js";
import {
  type Appointment,
  findAppointment,
  insertAppointment,
  recordPatientResponse,
  updateAppointment,
} from "./appointments-repo.js";
import { type Budget, findBudget, insertBudget, nextBudgetNumber, updateBudget } from "./budgets-repo.js";
import { releaseOldAddress } from "./patient-bounces.js";
import { RESPONSE_EVENTS } from "./patient-responses.js";
import { findPatient, fullName, insertPatient, type Patient, updatePatient } from "./patients-repo.js";
import { findProfessional, insertProfessional } from "./professionals-repo.js";

export interface PatientInput {
  first_name: string;
  last_name?: string;
  email?: string | null;
  phone?: string | null;
  preferred_locale?: string | null;
}

/** A change and the id of the event it published (its emails: GET /notifications/logs?event_id=). */
export type Published<T> = T & { eventId: string };

const published = <T extends object>(row: T, eventId: string): Published<T> => ({ ...row, eventId });

function patientFields(p: Patient) {
  return {
    patient_id: p.id,
    patient_email: p.email,
    patient_name: fullName(p),
    ...(p.preferredLocale ? { preferred_locale: p.preferredLocale } : {}),
  };
}

/**
 * The small clinic directory that stands in for the platform's other modules. Each change
 * publishes its event in the same transaction, as the seed's integration patterns do.
 */
export class DirectoryService {
  constructor(private readonly deps: { database: Database; bus: Pick<EventBus, "publish">; clock: Clock }) {}

  private tx<T>(fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
    return this.deps.database.db.transaction(fn);
  }

  async requirePatient(db: DbOrTx, clinicId: string, id: string, field = "patient"): Promise<Patient> {
    const p = await findPatient(db, clinicId, id);
    if (!p) throw new NotFoundError(field);
    return p;
  }

  createPatient(clinicId: string, input: PatientInput): Promise<Published<Patient>> {
    return this.tx(async (tx) => {
      const patient = await insertPatient(tx, {
        clinicId,
        firstName: input.first_name,
        lastName: input.last_name ?? "",
        email: input.email ?? null,
        phone: input.phone ?? null,
        preferredLocale: input.preferred_locale ?? null,
      });
      const { eventId } = await this.deps.bus.publish(
        "patient.created",
        { clinic_id: clinicId, ...patientFields(patient) },
        { tx },
      );
      return published(patient, eventId);
    });
  }

  async updatePatient(clinicId: string, id: string, input: Partial<PatientInput>): Promise<Patient> {
    const values: Record<string, unknown> = {};
    if (input.first_name !== undefined) values.firstName = input.first_name;
    if (input.last_name !== undefined) values.lastName = input.last_name;
    if (input.email !== undefined) values.email = input.email;
    if (input.phone !== undefined) values.phone = input.phone;
    if (input.preferred_locale !== undefined) values.preferredLocale = input.preferred_locale;
    return this.tx(async (tx) => {
      const before = await findPatient(tx, clinicId, id);
      const row = await updatePatient(tx, clinicId, id, values);
      if (!before || !row) throw new NotFoundError("patient");
      // A new address: the old one, if it bounced, is no longer this patient's problem.
      const norm = (e: string | null) => (e ?? "").trim().toLowerCase();
      if (norm(before.email) !== norm(row.email)) await releaseOldAddress(tx, clinicId, id, before.email);
      return row;
    });
  }

  createProfessional(
    clinicId: string,
    input: { first_name: string; last_name?: string; email?: string | null },
  ) {
    return insertProfessional(this.deps.database.db, {
      clinicId,
      firstName: input.first_name,
      lastName: input.last_name ?? "",
      email: input.email ?? null,
    });
  }

  scheduleAppointment(
    clinicId: string,
    input: {
      patient_id: string;
      professional_id: string;
      start_time: string;
      duration_minutes?: number;
      reason?: string | null;
    },
  ): Promise<Published<Appointment>> {
    return this.tx(async (tx) => {
      const patient = await this.requirePatient(tx, clinicId, input.patient_id);
      const professional = await findProfessional(tx, clinicId, input.professional_id);
      if (!professional) throw new NotFoundError("professional");
      const appointment = await insertAppointment(tx, {
        clinicId,
        patientId: patient.id,
        professionalId: professional.id,
        startTime: new Date(input.start_time),
        durationMinutes: input.duration_minutes ?? 30,
        reason: input.reason ?? null,
      });
      const { eventId } = await this.deps.bus.publish(
        "appointment.scheduled",
        {
          clinic_id: clinicId,
          appointment_id: appointment.id,
          ...patientFields(patient),
          start_time: appointment.startTime.toISOString(),
          professional_name: fullName(professional),
          duration_minutes: appointment.durationMinutes,
        },
        { tx },
      );
      return published(appointment, eventId);
    });
  }

  private async requireScheduled(tx: DbOrTx, clinicId: string, id: string) {
    const appointment = await findAppointment(tx, clinicId, id);
    if (!appointment) throw new NotFoundError("appointment");
    if (appointment.status === "cancelled") throw new ConflictError("the appointment is already cancelled");
    return appointment;
  }

  cancelAppointment(
    clinicId: string,
    id: string,
    reason: string | null | undefined,
  ): Promise<Published<Appointment>> {
    return this.tx(async (tx) => {
      const current = await this.requireScheduled(tx, clinicId, id);
      const patient = await this.requirePatient(tx, clinicId, current.patientId);
      const updated = (await updateAppointment(tx, clinicId, id, {
        status: "cancelled",
        cancelReason: reason ?? null,
        sequence: current.sequence + 1,
      }))!;
      const { eventId } = await this.deps.bus.publish(
        "appointment.cancelled",
        {
          clinic_id: clinicId,
          appointment_id: id,
          ...patientFields(patient),
          reason: reason ?? null,
          start_time: current.startTime.toISOString(),
        },
        { tx },
      );
      return published(updated, eventId);
    });
  }

  rescheduleAppointment(clinicId: string, id: string, startTime: string): Promise<Published<Appointment>> {
    return this.tx(async (tx) => {
      const current = await this.requireScheduled(tx, clinicId, id);
      const patient = await this.requirePatient(tx, clinicId, current.patientId);
      const professional = current.professionalId
        ? await findProfessional(tx, clinicId, current.professionalId)
        : null;
      // An answer the patient gave was for the old time: the new one has none yet.
      const updated = (await updateAppointment(tx, clinicId, id, {
        startTime: new Date(startTime),
        sequence: current.sequence + 1,
        patientResponse: null,
        patientRespondedAt: null,
      }))!;
      const { eventId } = await this.deps.bus.publish(
        "appointment.rescheduled",
        {
          clinic_id: clinicId,
          appointment_id: id,
          ...patientFields(patient),
          start_time: updated.startTime.toISOString(),
          previous_start_time: current.startTime.toISOString(),
          professional_name: professional ? fullName(professional) : null,
          duration_minutes: updated.durationMinutes,
        },
        { tx },
      );
      return published(updated, eventId);
    });
  }

  /**
   * The patient's answer from an email's link, recorded on the appointment with its event in
   * one transaction, if it still applies (see recordPatientResponse); null when it did not.
   */
  answerAppointment(
    clinicId: string,
    id: string,
    expected: { patientId: string; startTime: Date },
    response: PatientResponse,
  ): Promise<Published<Appointment> | null> {
    return this.tx(async (tx) => {
      const at = this.deps.clock.now();
      const updated = await recordPatientResponse(tx, clinicId, id, expected, response, at);
      if (!updated) return null;
      const patient = await this.requirePatient(tx, clinicId, updated.patientId);
      const { eventId } = await this.deps.bus.publish(
        RESPONSE_EVENTS[response],
        {
          clinic_id: clinicId,
          appointment_id: id,
          ...patientFields(patient),
          start_time: updated.startTime.toISOString(),
          responded_at: at.toISOString(),
          response,
        },
        { tx },
      );
      return published(updated, eventId);
    });
  }

  async createBudget(
    clinicId: string,
    input: { patient_id: string; total: string; currency?: string; items?: BudgetItem[] },
  ): Promise<Budget> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.tx(async (tx) => {
          const patient = await this.requirePatient(tx, clinicId, input.patient_id);
          const number = await nextBudgetNumber(tx, clinicId, this.deps.clock.now().getUTCFullYear());
          return insertBudget(tx, {
            clinicId,
            patientId: patient.id,
            budgetNumber: number,
            total: input.total,
            currency: input.currency ?? "EUR",
            items: input.items ?? [],
          });
        });
      } catch (err) {
        // Two budgets numbered at once: the loser takes the next number.
        if (
          attempt < 3 &&
          /budgets_clinic_number_key/.test(String((err as { cause?: unknown }).cause ?? err))
        )
          continue;
        throw err;
      }
    }
  }

  sendBudget(clinicId: string, id: string): Promise<Published<Budget>> {
    return this.moveBudget(clinicId, id, "sent");
  }

  acceptBudget(clinicId: string, id: string): Promise<Published<Budget>> {
    return this.moveBudget(clinicId, id, "accepted");
  }

  /** sent → budget.sent (with its items for the quote email); accepted → budget.accepted. */
  private moveBudget(clinicId: string, id: string, status: "sent" | "accepted"): Promise<Published<Budget>> {
    return this.tx(async (tx) => {
      const budget = await findBudget(tx, clinicId, id);
      if (!budget) throw new NotFoundError("budget");
      if (budget.status === "accepted") throw new ConflictError("the budget is already accepted");
      const patient = await this.requirePatient(tx, clinicId, budget.patientId);
      const now = this.deps.clock.now();
      const updated = (await updateBudget(
        tx,
        clinicId,
        id,
        status === "sent" ? { status, sentAt: now } : { status, acceptedAt: now },
      ))!;
      const { eventId } = await this.deps.bus.publish(
        `budget.${status}`,
        {
          clinic_id: clinicId,
          budget_id: id,
          ...patientFields(patient),
          budget_number: budget.budgetNumber,
          total: budget.total,
          currency: budget.currency,
          ...(status === "sent" ? { items: budget.items } : {}),
        },
        { tx },
      );
      return published(updated, eventId);
    });
  }
}
