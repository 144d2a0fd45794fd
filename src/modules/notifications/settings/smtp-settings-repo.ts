import { eq, isNotNull } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { clinicSmtpSettings } from "../../../core/db/schema.js";

/**
 * The one home of `clinic_smtp_settings`: read for sending (DbClinicEmailSettingsSource), written by
 * the settings routes, and re-encrypted by the operator's `secrets re-encrypt`.
 */
export type SmtpSettingsRow = typeof clinicSmtpSettings.$inferSelect;

export async function findSmtpSettings(db: DbOrTx, clinicId: string): Promise<SmtpSettingsRow | undefined> {
  const rows = await db.select().from(clinicSmtpSettings).where(eq(clinicSmtpSettings.clinicId, clinicId));
  return rows[0];
}

export async function upsertSmtpSettings(
  db: DbOrTx,
  clinicId: string,
  values: Omit<typeof clinicSmtpSettings.$inferInsert, "clinicId" | "id">,
): Promise<SmtpSettingsRow> {
  const [row] = await db
    .insert(clinicSmtpSettings)
    .values({ clinicId, ...values })
    .onConflictDoUpdate({ target: clinicSmtpSettings.clinicId, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function markSmtpVerified(db: DbOrTx, clinicId: string, at: Date): Promise<void> {
  await db
    .update(clinicSmtpSettings)
    .set({ isVerified: true, lastVerifiedAt: at, updatedAt: at })
    .where(eq(clinicSmtpSettings.clinicId, clinicId));
}

/** Every stored password token, across clinics: for re-encryption under a new key (an operator's task). */
export async function findStoredPasswords(db: DbOrTx): Promise<{ clinicId: string; token: string }[]> {
  const rows = await db
    .select({ clinicId: clinicSmtpSettings.clinicId, token: clinicSmtpSettings.passwordEncrypted })
    .from(clinicSmtpSettings)
    .where(isNotNull(clinicSmtpSettings.passwordEncrypted));
  return rows.map((r) => ({ clinicId: r.clinicId, token: r.token! }));
}

/** Replaces the clinic's stored password token (same password, another key). */
export async function replaceStoredPassword(
  db: DbOrTx,
  clinicId: string,
  token: string,
  at: Date,
): Promise<void> {
  await db
    .update(clinicSmtpSettings)
    .set({ passwordEncrypted: token, updatedAt: at })
    .where(eq(clinicSmtpSettings.clinicId, clinicId));
}
