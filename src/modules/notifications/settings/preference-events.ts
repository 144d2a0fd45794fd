import { z } from "zod";
import type { DbOrTx } from "../../../core/db/client.js";
import type { FactReporter, ReportedFact } from "../../../core/events/reports.js";
import { findPatient } from "../../directory/index.js";
import type { PatientPreferences, UnsubscribeVia } from "./preferences-repo.js";

/** Who changes the preferences: the patient (from an email's link) or a member of staff. */
export type PreferencesActor =
  | { kind: "patient"; via: UnsubscribeVia }
  | { kind: "staff"; userId: string | null };

/**
 * What patients (or staff for them) change in what they receive, reported to webhooks and to
 * `bus.on(…)` handlers: `patient.preferences_changed` for any change, and also
 * `patient.unsubscribed` when the patient turned all email off themselves (the page, or a
 * mail client's one-click unsubscribe).
 */
export const PREFERENCE_EVENT_NAMES = ["patient.unsubscribed", "patient.preferences_changed"] as const;

/** The payload of both events. */
export const preferenceEventSchema = z.looseObject({
  clinic_id: z.uuid(),
  patient_id: z.uuid(),
  patient_email: z.string().nullable(),
  patient_name: z.string(),
  email_enabled: z.boolean(),
  preferences: z.record(z.string(), z.boolean()),
  preferred_locale: z.string(),
  changed_by: z.enum(["patient", "staff"]),
  via: z.enum(["page", "one_click"]).nullable(),
  occurred_at: z.string(),
});

export interface PreferencesChange {
  clinicId: string;
  before: PatientPreferences;
  after: PatientPreferences;
  actor: PreferencesActor;
  at: Date;
}

const same = (a: PatientPreferences, b: PatientPreferences) =>
  a.emailEnabled === b.emailEnabled &&
  a.preferredLocale === b.preferredLocale &&
  Object.keys({ ...a.preferences, ...b.preferences }).every((k) => a.preferences[k] === b.preferences[k]);

/** The facts of one change (none when nothing changed). Pure. */
export function preferenceFacts(
  change: PreferencesChange,
  patient: { email: string | null; name: string },
  id: string,
): ReportedFact[] {
  const { clinicId, before, after, actor, at } = change;
  if (same(before, after)) return [];
  const payload = {
    clinic_id: clinicId,
    patient_id: after.patientId,
    patient_email: patient.email,
    patient_name: patient.name,
    email_enabled: after.emailEnabled,
    preferences: after.preferences,
    preferred_locale: after.preferredLocale,
    changed_by: actor.kind,
    via: actor.kind === "patient" ? actor.via : null,
    occurred_at: at.toISOString(),
  };
  const fact = (name: string): ReportedFact => ({
    name,
    clinicId,
    key: `${name}:${id}`,
    payload,
    occurredAt: at,
  });
  const unsubscribed = actor.kind === "patient" && before.emailEnabled && !after.emailEnabled;
  return unsubscribed
    ? [fact("patient.preferences_changed"), fact("patient.unsubscribed")]
    : [fact("patient.preferences_changed")];
}

/** Reports preference changes in the transaction that saves them; nothing at all while nobody listens. */
export class PreferenceReports {
  constructor(private readonly reporter: FactReporter) {}

  async changed(tx: DbOrTx, change: PreferencesChange): Promise<void> {
    if (!(await this.reporter.listening(PREFERENCE_EVENT_NAMES, change.clinicId, tx))) return;
    const patient = await findPatient(tx, change.clinicId, change.after.patientId);
    const name = patient ? `${patient.firstName} ${patient.lastName}`.trim() : "";
    const facts = preferenceFacts(change, { email: patient?.email ?? null, name }, crypto.randomUUID());
    await this.reporter.report(tx, facts);
  }
}
