import type { DbOrTx } from "../../../core/db/client.js";
import { NotFoundError, ValidationError } from "../../../core/errors.js";
import { findClinic, findPatient } from "../../directory/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import { findPreferences, type PatientPreferences, savePreferences } from "./preferences-repo.js";

export interface PreferencesUpdate {
  email_enabled?: boolean;
  preferences?: Record<string, boolean>;
  preferred_locale?: string;
}

/** Get-or-create with the seed's defaults: every type on, the patient's or the clinic's language. */
export async function getPreferences(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicId: string,
  patientId: string,
): Promise<PatientPreferences> {
  const patient = await findPatient(db, clinicId, patientId);
  if (!patient) throw new NotFoundError("patient");
  const stored = await findPreferences(db, clinicId, patientId);
  const clinic = await findClinic(db, clinicId);
  const preferences = Object.fromEntries(registry.keys().map((k) => [k, stored?.preferences[k] ?? true]));
  return {
    patientId,
    emailEnabled: stored?.emailEnabled ?? true,
    preferences,
    preferredLocale: stored?.preferredLocale ?? patient.preferredLocale ?? clinic?.defaultLocale ?? "es",
  };
}

export async function updatePreferences(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicId: string,
  patientId: string,
  update: PreferencesUpdate,
): Promise<PatientPreferences> {
  const unknown = Object.keys(update.preferences ?? {}).flatMap(
    (k) => registry.unknownField(k, `preferences.${k}`) ?? [],
  );
  if (unknown.length) throw new ValidationError(unknown);
  const current = await getPreferences(db, registry, clinicId, patientId);
  const next: PatientPreferences = {
    patientId,
    emailEnabled: update.email_enabled ?? current.emailEnabled,
    preferences: { ...current.preferences, ...update.preferences },
    preferredLocale: update.preferred_locale ?? current.preferredLocale,
  };
  await savePreferences(db, clinicId, next);
  return next;
}

export const preferencesView = (p: PatientPreferences) => ({
  patient_id: p.patientId,
  email_enabled: p.emailEnabled,
  preferences: p.preferences,
  preferred_locale: p.preferredLocale,
});
