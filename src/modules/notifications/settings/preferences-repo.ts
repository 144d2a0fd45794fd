import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { notificationPreferences } from "../../../core/db/schema.js";

/** `page` (the preferences or unsubscribe page) or `one_click` (the mail client, RFC 8058). */
export type UnsubscribeVia = "page" | "one_click";

/** When and how a patient turned email off themselves, and who turned it back on after that. */
export interface PreferencesAudit {
  unsubscribedAt: Date | null;
  unsubscribedVia: UnsubscribeVia | null;
  resubscribedAt: Date | null;
  /** The staff member who re-enabled email; null when the patient did it themselves. */
  resubscribedBy: string | null;
}

export interface PatientPreferences {
  patientId: string;
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
  preferredLocale: string;
  /** Left out, a save keeps what is stored. */
  audit?: PreferencesAudit;
}

export async function findPreferences(
  db: DbOrTx,
  clinicId: string,
  patientId: string,
): Promise<PatientPreferences | null> {
  return (await findPreferencesOf(db, [{ clinicId, patientId }])).get(`${clinicId}:${patientId}`) ?? null;
}

/** The preferences of several patients, keyed `clinicId:patientId`; patients without any are absent. */
export async function findPreferencesOf(
  db: DbOrTx,
  patients: { clinicId: string; patientId: string }[],
): Promise<Map<string, PatientPreferences>> {
  if (patients.length === 0) return new Map();
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(
      and(
        inArray(notificationPreferences.clinicId, [...new Set(patients.map((p) => p.clinicId))]),
        inArray(notificationPreferences.patientId, [...new Set(patients.map((p) => p.patientId))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.clinicId}:${r.patientId}`, toPreferences(r)]));
}

export function toPreferences(row: typeof notificationPreferences.$inferSelect): PatientPreferences {
  return {
    patientId: row.patientId,
    emailEnabled: row.emailEnabled,
    preferences: row.preferences,
    preferredLocale: row.preferredLocale,
    audit: {
      unsubscribedAt: row.unsubscribedAt,
      unsubscribedVia: row.unsubscribedVia as UnsubscribeVia | null,
      resubscribedAt: row.resubscribedAt,
      resubscribedBy: row.resubscribedBy,
    },
  };
}

export async function savePreferences(
  db: DbOrTx,
  clinicId: string,
  prefs: PatientPreferences,
): Promise<void> {
  const values = {
    emailEnabled: prefs.emailEnabled,
    preferences: prefs.preferences,
    preferredLocale: prefs.preferredLocale,
    ...(prefs.audit ?? {}),
  };
  await db
    .insert(notificationPreferences)
    .values({ clinicId, patientId: prefs.patientId, ...values })
    .onConflictDoUpdate({
      target: [notificationPreferences.clinicId, notificationPreferences.patientId],
      set: { ...values, updatedAt: new Date() },
    });
}
