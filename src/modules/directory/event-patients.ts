import { sql } from "drizzle-orm";
import { ConflictError } from "../../core/errors.js";
import type { EventPayload, PublishWrite } from "../../core/events/event-bus.js";
import { splitName } from "./patients-repo.js";

/**
 * Events may name patients this directory has never seen (the platform owns them). The
 * payload creates or refreshes that patient in the event's clinic, so logs, preferences and
 * patient links work for them too. A patient id of another clinic is refused: nothing stored.
 *
 * Written in the event's own statement (see PublishWrite): the insert runs only when the event
 * is stored, and updates an existing row of the same clinic only where the payload differs.
 */
export function patientWriteFromEvent(payload: EventPayload): PublishWrite {
  const name = splitName(payload.patient_name);
  const fullName = payload.patient_name.trim();
  const storedFullName = sql`btrim(patients.first_name || ' ' || patients.last_name)`;
  const email = payload.patient_email || null;
  const locale = payload.preferred_locale || null;
  const changed = [sql`${storedFullName} IS DISTINCT FROM ${fullName}`];
  if (email) changed.push(sql`patients.email IS DISTINCT FROM ${email}`);
  if (locale) changed.push(sql`patients.preferred_locale IS DISTINCT FROM ${locale}`);
  const set = [
    sql`first_name = CASE WHEN ${storedFullName} = ${fullName} THEN patients.first_name ELSE excluded.first_name END`,
    sql`last_name = CASE WHEN ${storedFullName} = ${fullName} THEN patients.last_name ELSE excluded.last_name END`,
    sql`updated_at = now()`,
  ];
  if (email) set.push(sql`email = excluded.email`);
  if (locale) set.push(sql`preferred_locale = excluded.preferred_locale`);
  return {
    write: sql`
      INSERT INTO patients (id, clinic_id, first_name, last_name, email, preferred_locale)
      SELECT ${payload.patient_id}::uuid, ${payload.clinic_id}::uuid, ${name.firstName}, ${name.lastName},
        ${payload.patient_email ?? null}, ${locale}
      FROM stored
      ON CONFLICT (id) DO UPDATE SET ${sql.join(set, sql`, `)}
      WHERE patients.clinic_id = excluded.clinic_id AND (${sql.join(changed, sql` OR `)})`,
    guard: sql`NOT EXISTS (SELECT 1 FROM patients WHERE id = ${payload.patient_id}::uuid AND clinic_id <> ${payload.clinic_id}::uuid)`,
    refused: () => new ConflictError("payload.patient_id belongs to another clinic"),
  };
}
