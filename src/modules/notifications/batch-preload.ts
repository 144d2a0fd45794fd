import { and, inArray, isNotNull, sql } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { appointments, emailLogs, notificationPreferences, patients } from "../../core/db/schema.js";
import { primeInTx } from "../../core/db/tx-memo.js";
import type { StoredEvent } from "../../core/events/event-bus.js";
import { toPreferences } from "./preferences-repo.js";
import { getClinicSettingsOf } from "./settings-repo.js";
import type { NotificationTypeRegistry } from "./types.js";

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
    const patientIds = unique(events.map((e) => e.payload.patient_id));
    const appointmentIds = unique(
      events.map((e) => e.payload.appointment_id).filter((id): id is string => typeof id === "string"),
    );

    for (const [clinicId, settings] of await getClinicSettingsOf(tx, registry, clinicIds)) {
      primeInTx(tx, memoKeys.settings(clinicId), settings);
    }

    const [preferenceRows, patientRows] = [
      await tx
        .select()
        .from(notificationPreferences)
        .where(
          and(
            inArray(notificationPreferences.clinicId, clinicIds),
            inArray(notificationPreferences.patientId, patientIds),
          ),
        ),
      await tx
        .select()
        .from(patients)
        .where(and(inArray(patients.clinicId, clinicIds), inArray(patients.id, patientIds))),
    ];
    const preferenceOf = new Map(preferenceRows.map((r) => [`${r.clinicId}:${r.patientId}`, r]));
    const patientOf = new Map(patientRows.map((r) => [`${r.clinicId}:${r.id}`, r]));
    for (const e of events) {
      const pair = `${e.clinicId}:${e.payload.patient_id}`;
      const preference = preferenceOf.get(pair);
      primeInTx(
        tx,
        memoKeys.preferences(e.clinicId, e.payload.patient_id),
        preference ? toPreferences(preference) : null,
      );
      primeInTx(tx, memoKeys.patient(e.clinicId, e.payload.patient_id), patientOf.get(pair));
    }

    if (appointmentIds.length === 0) return;
    const appointmentRows = await tx
      .select()
      .from(appointments)
      .where(and(inArray(appointments.clinicId, clinicIds), inArray(appointments.id, appointmentIds)));
    const appointmentOf = new Map(appointmentRows.map((r) => [`${r.clinicId}:${r.id}`, r]));
    const unknown = events.filter(
      (e) =>
        typeof e.payload.appointment_id === "string" &&
        !appointmentOf.has(`${e.clinicId}:${e.payload.appointment_id}`),
    );
    const sequenceRows = unknown.length
      ? await tx
          .select({
            clinicId: emailLogs.clinicId,
            appointmentId: emailLogs.appointmentId,
            n: sql<number | null>`max((${emailLogs.context}->>'sequence')::int)`,
          })
          .from(emailLogs)
          .where(
            and(
              inArray(emailLogs.clinicId, unique(unknown.map((e) => e.clinicId))),
              inArray(emailLogs.appointmentId, unique(unknown.map((e) => String(e.payload.appointment_id)))),
              isNotNull(emailLogs.appointmentId),
            ),
          )
          .groupBy(emailLogs.clinicId, emailLogs.appointmentId)
      : [];
    const sequenceOf = new Map(sequenceRows.map((r) => [`${r.clinicId}:${r.appointmentId}`, r.n]));
    for (const e of events) {
      if (typeof e.payload.appointment_id !== "string") continue;
      const pair = `${e.clinicId}:${e.payload.appointment_id}`;
      // Good for one event only: the first event of an appointment writes a new sequence, so a
      // second event of the same appointment in this batch must read it afresh (takePrimed).
      primeInTx(tx, memoKeys.appointment(e.clinicId, e.payload.appointment_id), appointmentOf.get(pair));
      if (!appointmentOf.has(pair)) {
        const n = sequenceOf.get(pair);
        primeInTx(
          tx,
          memoKeys.lastSequence(e.clinicId, e.payload.appointment_id),
          n === null || n === undefined ? null : Number(n),
        );
      }
    }
  };
}
