import { eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { clinics } from "../../core/db/schema.js";
import { ValidationError } from "../../core/errors.js";
import { CONTROL_CHARACTERS_MESSAGE, hasControlCharacters } from "../../core/plain-text.js";

export type Clinic = typeof clinics.$inferSelect;

export async function createClinic(db: DbOrTx, values: typeof clinics.$inferInsert): Promise<Clinic> {
  // Every writer of a clinic's name passes here; it reaches email headers and calendar invitations.
  if (hasControlCharacters(values.name)) throw ValidationError.field("name", CONTROL_CHARACTERS_MESSAGE);
  const [row] = await db.insert(clinics).values(values).returning();
  return row!;
}

/** Several clinics by id, keyed by id; unknown ids are absent. */
export async function findClinics(db: DbOrTx, ids: string[]): Promise<Map<string, Clinic>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select().from(clinics).where(inArray(clinics.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function findClinic(db: DbOrTx, clinicId: string): Promise<Clinic | undefined> {
  const rows = await db.select().from(clinics).where(eq(clinics.id, clinicId));
  return rows[0];
}
