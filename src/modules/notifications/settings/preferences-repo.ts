import { and, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { notificationPreferences } from "../../../core/db/schema.js";

export interface PatientPreferences {
  patientId: string;
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
  preferredLocale: string;
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
  };
  await db
    .insert(notificationPreferences)
    .values({ clinicId, patientId: prefs.patientId, ...values })
    .onConflictDoUpdate({
      target: [notificationPreferences.clinicId, notificationPreferences.patientId],
      set: { ...values, updatedAt: new Date() },
    });
}
