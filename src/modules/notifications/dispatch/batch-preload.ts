import type { DbOrTx } from "../../../core/db/client.js";
import { primeInTx } from "../../../core/db/tx-memo.js";
import type { StoredEvent } from "../../../core/events/event-bus.js";
import { findAppointmentsOf, findPatientsOf } from "../../directory/index.js";
import { lastSequencesOf } from "../outbox/index.js";
import { findPreferencesOf, getClinicSettingsOf } from "../settings/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";

/** Memo keys shared with the readers that use them (NotificationService, the handlers). */
export const memoKeys = {
  settings: (clinicId: string) => `settings:${clinicId}`,
  preferences: (clinicId: string, patientId: string) => `preferences:${clinicId}:${patientId}`,
  patient: (clinicId: string, patientId: string) => `patient:${clinicId}:${patientId}`,
  appointment: (clinicId: string, id: string) => `appointment:${clinicId}:${id}`,
  lastSequence: (clinicId: string, appointmentId: string) => `last-sequence:${clinicId}:${appointmentId}`,
};

const unique = <T>(xs: T[]) => [...new Set(xs)];

/**
 * Reads what the notification handlers of a batch of events will look up, five queries for
 * the whole batch instead of several per event, and primes the transaction's memo with it.
 * Keys that find no row are primed too (as absent), so nothing is looked up again.
 */
export function preloadForEvents(registry: NotificationTypeRegistry) {
  return async (events: readonly StoredEvent[], tx: DbOrTx): Promise<void> => {
    const clinicIds = unique(events.map((e) => e.clinicId));
    for (const [clinicId, settings] of await getClinicSettingsOf(tx, registry, clinicIds)) {
      primeInTx(tx, memoKeys.settings(clinicId), settings);
    }

    const patientKeys = events.map((e) => ({ clinicId: e.clinicId, patientId: e.payload.patient_id }));
    const preferences = await findPreferencesOf(tx, patientKeys);
    const patients = await findPatientsOf(
      tx,
      patientKeys.map((k) => ({ clinicId: k.clinicId, id: k.patientId })),
    );
    for (const { clinicId, patientId } of patientKeys) {
      const key = `${clinicId}:${patientId}`;
      primeInTx(tx, memoKeys.preferences(clinicId, patientId), preferences.get(key) ?? null);
      primeInTx(tx, memoKeys.patient(clinicId, patientId), patients.get(key));
    }

    const appointmentKeys = events.flatMap((e) =>
      typeof e.payload.appointment_id === "string"
        ? [{ clinicId: e.clinicId, appointmentId: e.payload.appointment_id }]
        : [],
    );
    if (appointmentKeys.length === 0) return;
    const appointments = await findAppointmentsOf(
      tx,
      appointmentKeys.map((k) => ({ clinicId: k.clinicId, id: k.appointmentId })),
    );
    // The calendar SEQUENCE continues from the log only for appointments the directory does not know.
    const sequences = await lastSequencesOf(
      tx,
      appointmentKeys.filter((k) => !appointments.has(`${k.clinicId}:${k.appointmentId}`)),
    );
    for (const { clinicId, appointmentId } of appointmentKeys) {
      const key = `${clinicId}:${appointmentId}`;
      // Good for one event only: the first event of an appointment writes a new sequence, so a
      // second event of the same appointment in this batch must read it afresh (takePrimed).
      primeInTx(tx, memoKeys.appointment(clinicId, appointmentId), appointments.get(key));
      if (!appointments.has(key)) {
        primeInTx(tx, memoKeys.lastSequence(clinicId, appointmentId), sequences.get(key) ?? null);
      }
    }
  };
}
