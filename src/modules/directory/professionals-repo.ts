import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { professionals } from "../../core/db/schema.js";

export type Professional = typeof professionals.$inferSelect;

export async function insertProfessional(db: DbOrTx, values: typeof professionals.$inferInsert) {
  const [row] = await db.insert(professionals).values(values).returning();
  return row!;
}

export async function findProfessional(
  db: DbOrTx,
  clinicId: string,
  id: string,
): Promise<Professional | undefined> {
  const rows = await db
    .select()
    .from(professionals)
    .where(and(eq(professionals.clinicId, clinicId), eq(professionals.id, id)));
  return rows[0];
}

export async function listProfessionals(db: DbOrTx, clinicId: string): Promise<Professional[]> {
  return db
    .select()
    .from(professionals)
    .where(eq(professionals.clinicId, clinicId))
    .orderBy(asc(professionals.lastName), asc(professionals.firstName));
}

/** One of the clinic's professionals (the first by name), e.g. for a template preview; undefined if none. */
export async function firstProfessional(db: DbOrTx, clinicId: string): Promise<Professional | undefined> {
  const rows = await db
    .select()
    .from(professionals)
    .where(eq(professionals.clinicId, clinicId))
    .orderBy(asc(professionals.lastName), asc(professionals.firstName))
    .limit(1);
  return rows[0];
}
