import { and, asc, eq, isNull, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { emailTemplates } from "../../../core/db/schema.js";
import { templatesChanged } from "../../../core/templates/index.js";

export type TemplateRow = typeof emailTemplates.$inferSelect;

/** The clinic's own templates and the system ones; never another clinic's. */
const visibleTo = (clinicId: string) =>
  or(eq(emailTemplates.clinicId, clinicId), isNull(emailTemplates.clinicId));

export async function listTemplates(
  db: DbOrTx,
  clinicId: string,
  filters: { templateKey?: string; locale?: string },
) {
  const where: (SQL | undefined)[] = [visibleTo(clinicId)];
  if (filters.templateKey) where.push(eq(emailTemplates.templateKey, filters.templateKey));
  if (filters.locale) where.push(eq(emailTemplates.locale, filters.locale));
  return db
    .select()
    .from(emailTemplates)
    .where(and(...where))
    .orderBy(asc(emailTemplates.templateKey), asc(emailTemplates.locale), asc(emailTemplates.clinicId));
}

export async function findVisibleTemplate(db: DbOrTx, clinicId: string, id: string) {
  const rows = await db
    .select()
    .from(emailTemplates)
    .where(and(eq(emailTemplates.id, id), visibleTo(clinicId)));
  return rows[0];
}

export async function insertClinicTemplate(
  db: DbOrTx,
  values: typeof emailTemplates.$inferInsert & { clinicId: string },
) {
  const rows = await db.insert(emailTemplates).values(values).onConflictDoNothing().returning();
  if (rows[0]) await templatesChanged(db);
  return rows[0];
}

export async function updateClinicTemplate(
  db: DbOrTx,
  clinicId: string,
  id: string,
  values: Partial<typeof emailTemplates.$inferInsert>,
) {
  const rows = await db
    .update(emailTemplates)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(emailTemplates.id, id), eq(emailTemplates.clinicId, clinicId)))
    .returning();
  if (rows[0]) await templatesChanged(db);
  return rows[0];
}

export async function deleteClinicTemplate(db: DbOrTx, clinicId: string, id: string): Promise<boolean> {
  const rows = await db
    .delete(emailTemplates)
    .where(and(eq(emailTemplates.id, id), eq(emailTemplates.clinicId, clinicId)))
    .returning({ id: emailTemplates.id });
  if (rows.length > 0) await templatesChanged(db);
  return rows.length > 0;
}
