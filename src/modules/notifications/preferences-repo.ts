import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { notificationPreferences } from "../../core/db/schema.js";

export interface PatientPreferences {
  patientId: string;
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
  preferredLocale: string;
}

export async function findPreferences(db: DbOrTx, clinicId: string, patientId: string) {
  const rows = await db
    .select()
    .from(notificationPreferences)
    .where(
      and(eq(notificationPreferences.clinicId, clinicId), eq(notificationPreferences.patientId, patientId)),
    );
  const row = rows[0];
  if (!row) return null;
  return {
    patientId: row.patientId,
    emailEnabled: row.emailEnabled,
    preferences: row.preferences,
    preferredLocale: row.preferredLocale,
  } satisfies PatientPreferences;
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
