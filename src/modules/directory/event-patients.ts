import type { DbOrTx } from "../../core/db/client.js";
import { ConflictError } from "../../core/errors.js";
import type { EventPayload } from "../../core/events/schemas.js";
import { findPatientAnyClinic, fullName, insertPatient, splitName, updatePatient } from "./patients-repo.js";

/**
 * Events may name patients this directory has never seen (the platform owns them). The
 * payload creates or refreshes that patient in the event's clinic, so logs, preferences and
 * patient links work for them too. A patient id of another clinic is refused: nothing stored.
 */
export async function upsertPatientFromEvent(tx: DbOrTx, payload: EventPayload): Promise<void> {
  const existing = await findPatientAnyClinic(tx, payload.patient_id);
  if (existing && existing.clinicId !== payload.clinic_id) {
    throw new ConflictError("payload.patient_id belongs to another clinic");
  }
  if (!existing) {
    await insertPatient(tx, {
      id: payload.patient_id,
      clinicId: payload.clinic_id,
      ...splitName(payload.patient_name),
      email: payload.patient_email,
      preferredLocale: payload.preferred_locale ?? null,
    });
    return;
  }
  const changes: Record<string, unknown> = {};
  if (payload.patient_email && payload.patient_email !== existing.email)
    changes.email = payload.patient_email;
  if (payload.preferred_locale && payload.preferred_locale !== existing.preferredLocale) {
    changes.preferredLocale = payload.preferred_locale;
  }
  if (payload.patient_name.trim() !== fullName(existing))
    Object.assign(changes, splitName(payload.patient_name));
  if (Object.keys(changes).length) await updatePatient(tx, payload.clinic_id, existing.id, changes);
}
