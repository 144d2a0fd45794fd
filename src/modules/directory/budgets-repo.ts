import { and, count, desc, eq, type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { budgets, patients } from "../../core/db/schema.js";

export type Budget = typeof budgets.$inferSelect;

/** Numbers run per clinic and year: P-2026-0001, P-2026-0002, … */
export async function nextBudgetNumber(db: DbOrTx, clinicId: string, year: number): Promise<string> {
  const prefix = `P-${year}-`;
  const rows = await db
    .select({ n: count() })
    .from(budgets)
    .where(and(eq(budgets.clinicId, clinicId), sql`${budgets.budgetNumber} LIKE ${`${prefix}%`}`));
  return `${prefix}${String(Number(rows[0]?.n ?? 0) + 1).padStart(4, "0")}`;
}

export async function insertBudget(db: DbOrTx, values: typeof budgets.$inferInsert) {
  const [row] = await db.insert(budgets).values(values).returning();
  return row!;
}

export async function findBudget(db: DbOrTx, clinicId: string, id: string): Promise<Budget | undefined> {
  const rows = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.clinicId, clinicId), eq(budgets.id, id)));
  return rows[0];
}

export async function updateBudget(
  db: DbOrTx,
  clinicId: string,
  id: string,
  values: Partial<typeof budgets.$inferInsert>,
) {
  const rows = await db
    .update(budgets)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(budgets.clinicId, clinicId), eq(budgets.id, id)))
    .returning();
  return rows[0];
}

export async function listBudgets(
  db: DbOrTx,
  clinicId: string,
  patientId: string | undefined,
  page: number,
  pageSize: number,
) {
  const where: SQL[] = [eq(budgets.clinicId, clinicId)];
  if (patientId) where.push(eq(budgets.patientId, patientId));
  const condition = and(...where);
  const [rows, totals] = await Promise.all([
    db
      .select({ budget: budgets, patientFirst: patients.firstName, patientLast: patients.lastName })
      .from(budgets)
      .innerJoin(patients, eq(patients.id, budgets.patientId))
      .where(condition)
      .orderBy(desc(budgets.createdAt), desc(budgets.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(budgets).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}
