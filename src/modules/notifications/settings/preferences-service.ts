import type { DbOrTx } from "../../../core/db/client.js";
import { NotFoundError, ValidationError } from "../../../core/errors.js";
import { findClinic, findPatient } from "../../directory/index.js";
import type { NotificationTypeRegistry } from "../type-registry.js";
import type { PreferenceReports, PreferencesActor } from "./preference-events.js";
import {
  findPreferences,
  type PatientPreferences,
  type PreferencesAudit,
  savePreferences,
} from "./preferences-repo.js";

export interface PreferencesUpdate {
  email_enabled?: boolean;
  preferences?: Record<string, boolean>;
  preferred_locale?: string;
  /** Staff only: yes, turn email back on for a patient who unsubscribed themselves. */
  confirm_resubscribe?: boolean;
}

export type { PreferencesActor };

const NO_AUDIT: PreferencesAudit = {
  unsubscribedAt: null,
  unsubscribedVia: null,
  resubscribedAt: null,
  resubscribedBy: null,
};

/** Email is off because the patient turned it off themselves, and nobody has turned it back on since. */
export function unsubscribedByPatient(p: Pick<PatientPreferences, "emailEnabled" | "audit">): boolean {
  const a = p.audit ?? NO_AUDIT;
  if (p.emailEnabled || !a.unsubscribedAt) return false;
  return !a.resubscribedAt || a.resubscribedAt.getTime() < a.unsubscribedAt.getTime();
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
    audit: stored?.audit ?? NO_AUDIT,
  };
}

export async function updatePreferences(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicId: string,
  patientId: string,
  update: PreferencesUpdate,
  actor: PreferencesActor = { kind: "staff", userId: null },
  now: Date = new Date(),
  /** Reports the change (patient.preferences_changed, patient.unsubscribed) to whoever listens. */
  reports?: PreferenceReports,
): Promise<PatientPreferences> {
  const unknown = Object.keys(update.preferences ?? {}).flatMap(
    (k) => registry.unknownField(k, `preferences.${k}`) ?? [],
  );
  if (unknown.length) throw new ValidationError(unknown);
  const run = async (tx: DbOrTx) => {
    const { current, next } = await applyUpdate(tx, registry, clinicId, patientId, update, actor, now);
    await reports?.changed(tx, { clinicId, before: current, after: next, actor, at: now });
    return next;
  };
  // Reported in the transaction that saves the change: it is heard if and only if it happened.
  return reports ? db.transaction(run) : run(db);
}

async function applyUpdate(
  db: DbOrTx,
  registry: NotificationTypeRegistry,
  clinicId: string,
  patientId: string,
  update: PreferencesUpdate,
  actor: PreferencesActor,
  now: Date,
): Promise<{ current: PatientPreferences; next: PatientPreferences }> {
  const current = await getPreferences(db, registry, clinicId, patientId);
  const emailEnabled = update.email_enabled ?? current.emailEnabled;
  const audit = { ...(current.audit ?? NO_AUDIT) };
  if (actor.kind === "patient" && current.emailEnabled && !emailEnabled) {
    audit.unsubscribedAt = now;
    audit.unsubscribedVia = actor.via;
  }
  if (!current.emailEnabled && emailEnabled) {
    // Staff undo a patient's own unsubscribe only when they say so explicitly; who and when are kept.
    if (actor.kind === "staff" && unsubscribedByPatient(current) && update.confirm_resubscribe !== true) {
      throw ValidationError.field(
        "confirm_resubscribe",
        `the patient unsubscribed on ${current.audit?.unsubscribedAt?.toISOString()}; send confirm_resubscribe: true to turn email back on`,
      );
    }
    if (unsubscribedByPatient(current)) {
      audit.resubscribedAt = now;
      audit.resubscribedBy = actor.kind === "staff" ? actor.userId : null;
    }
  }
  const next: PatientPreferences = {
    patientId,
    emailEnabled,
    preferences: { ...current.preferences, ...update.preferences },
    preferredLocale: update.preferred_locale ?? current.preferredLocale,
    audit,
  };
  await savePreferences(db, clinicId, next);
  return { current, next };
}

export const preferencesView = (p: PatientPreferences) => ({
  patient_id: p.patientId,
  email_enabled: p.emailEnabled,
  preferences: p.preferences,
  preferred_locale: p.preferredLocale,
  unsubscribed_at: p.audit?.unsubscribedAt?.toISOString() ?? null,
  unsubscribed_via: p.audit?.unsubscribedVia ?? null,
  resubscribed_at: p.audit?.resubscribedAt?.toISOString() ?? null,
  resubscribed_by: p.audit?.resubscribedBy ?? null,
});
