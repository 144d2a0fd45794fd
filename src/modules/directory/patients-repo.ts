import { and, asc, count, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { patients } from "../../core/db/schema.js";

export type Patient = typeof patients.$inferSelect;

export async function findPatient(db: DbOrTx, clinicId: string, id: string): Promise<Patient | undefined> {
  const rows = await db
    .select()
    .from(patients)
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)));
  return rows[0];
}

/** Several patients by (clinic, id), keyed `clinicId:id`; unknown ones are absent. */
export async function findPatientsOf(
  db: DbOrTx,
  keys: { clinicId: string; id: string }[],
): Promise<Map<string, Patient>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select()
    .from(patients)
    .where(
      and(
        inArray(patients.clinicId, [...new Set(keys.map((k) => k.clinicId))]),
        inArray(patients.id, [...new Set(keys.map((k) => k.id))]),
      ),
    );
  return new Map(rows.map((r) => [`${r.clinicId}:${r.id}`, r]));
}

/** Whether a patient id is taken by any clinic (events may not claim another clinic's patient). */
export async function findPatientAnyClinic(db: DbOrTx, id: string): Promise<Patient | undefined> {
  const rows = await db.select().from(patients).where(eq(patients.id, id));
  return rows[0];
}

export async function insertPatient(db: DbOrTx, values: typeof patients.$inferInsert): Promise<Patient> {
  const [row] = await db.insert(patients).values(values).returning();
  return row!;
}

export async function updatePatient(
  db: DbOrTx,
  clinicId: string,
  id: string,
  values: Partial<typeof patients.$inferInsert>,
): Promise<Patient | undefined> {
  const rows = await db
    .update(patients)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(patients.clinicId, clinicId), eq(patients.id, id)))
    .returning();
  return rows[0];
}

export async function listPatients(
  db: DbOrTx,
  clinicId: string,
  q: string | undefined,
  page: number,
  pageSize: number,
) {
  const where: SQL[] = [eq(patients.clinicId, clinicId)];
  if (q) {
    const like = `%${q.replace(/[%_\\]/g, "\\$&")}%`;
    where.push(
      or(ilike(patients.firstName, like), ilike(patients.lastName, like), ilike(patients.email, like))!,
    );
  }
  const condition = and(...where);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(patients)
      .where(condition)
      .orderBy(asc(patients.lastName), asc(patients.firstName), asc(patients.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(patients).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

export function fullName(p: { firstName: string; lastName: string }): string {
  return `${p.firstName} ${p.lastName}`.trim();
}

/** "Ana María López" → first "Ana", last "María López": how an event's patient_name is stored. */
export function splitName(name: string): { firstName: string; lastName: string } {
  const parts = name.trim().split(/\s+/);
  return { firstName: parts[0] ?? "", lastName: parts.slice(1).join(" ") };
}
