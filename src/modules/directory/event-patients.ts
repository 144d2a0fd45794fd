import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { patients } from "../../core/db/schema.js";
import { ConflictError } from "../../core/errors.js";
import type { EventPayload } from "../../core/events/event-bus.js";
import { findPatientAnyClinic, splitName } from "./patients-repo.js";

/**
 * Events may name patients this directory has never seen (the platform owns them). The
 * payload creates or refreshes that patient in the event's clinic, so logs, preferences and
 * patient links work for them too. A patient id of another clinic is refused: nothing stored.
 *
 * One statement in the usual cases (a new patient, or one whose details changed): the insert
 * updates an existing row of the same clinic only where the payload differs from it.
 */
export async function upsertPatientFromEvent(tx: DbOrTx, payload: EventPayload): Promise<void> {
  const name = splitName(payload.patient_name);
  const fullName = payload.patient_name.trim();
  const storedFullName = sql`btrim(${patients.firstName} || ' ' || ${patients.lastName})`;
  const email = payload.patient_email || null;
  const locale = payload.preferred_locale || null;
  const changed = [sql`${storedFullName} IS DISTINCT FROM ${fullName}`];
  if (email) changed.push(sql`${patients.email} IS DISTINCT FROM ${email}`);
  if (locale) changed.push(sql`${patients.preferredLocale} IS DISTINCT FROM ${locale}`);
  const written = await tx
    .insert(patients)
    .values({
      id: payload.patient_id,
      clinicId: payload.clinic_id,
      ...name,
      email: payload.patient_email,
      preferredLocale: locale,
    })
    .onConflictDoUpdate({
      target: patients.id,
      set: {
        firstName: sql`CASE WHEN ${storedFullName} = ${fullName} THEN ${patients.firstName} ELSE excluded.first_name END`,
        lastName: sql`CASE WHEN ${storedFullName} = ${fullName} THEN ${patients.lastName} ELSE excluded.last_name END`,
        ...(email ? { email: sql`excluded.email` } : {}),
        ...(locale ? { preferredLocale: sql`excluded.preferred_locale` } : {}),
        updatedAt: new Date(),
      },
      setWhere: sql`${patients.clinicId} = excluded.clinic_id AND (${sql.join(changed, sql` OR `)})`,
    })
    .returning({ id: patients.id });
  if (written.length > 0) return;
  // Nothing written: the patient is up to date, or belongs to another clinic.
  const existing = await findPatientAnyClinic(tx, payload.patient_id);
  if (existing && existing.clinicId !== payload.clinic_id) {
    throw new ConflictError("payload.patient_id belongs to another clinic");
  }
}
