import { eq } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { clinicSmtpSettings } from "../../../core/db/schema.js";

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
