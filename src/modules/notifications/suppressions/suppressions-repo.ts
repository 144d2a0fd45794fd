import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";
import { emailSuppressions } from "../../../core/db/schema.js";
import { ConflictError } from "../../../core/errors.js";

export type SuppressionRow = typeof emailSuppressions.$inferSelect;

/** Addresses are listed as the clinic would type them, compared without case or spaces. */
export function normaliseAddress(email: string): string {
  return email.trim().toLowerCase();
}

const pairKey = (clinicId: string, email: string) => `${clinicId}:${normaliseAddress(email)}`;

/**
 * Which of these (clinic, address) pairs are suppressed, in one query: the set of their keys
 * (`clinicId:address`, see suppressedKey). For a batch of emails, not one query each.
 */
export async function findSuppressedOf(
  db: DbOrTx,
  pairs: { clinicId: string; email: string | null | undefined }[],
): Promise<Set<string>> {
  const wanted = pairs.filter((p): p is { clinicId: string; email: string } => !!p.email?.trim());
  if (wanted.length === 0) return new Set();
  const rows = await db
    .select({ clinicId: emailSuppressions.clinicId, email: emailSuppressions.email })
    .from(emailSuppressions)
    .where(
      and(
        inArray(emailSuppressions.clinicId, [...new Set(wanted.map((p) => p.clinicId))]),
        inArray(emailSuppressions.email, [...new Set(wanted.map((p) => normaliseAddress(p.email)))]),
      ),
    );
  return new Set(rows.map((r) => pairKey(r.clinicId, r.email)));
}

/** The key findSuppressedOf answers for a pair. */
export const suppressedKey = pairKey;

/** The suppressions of these addresses in one clinic, keyed by address (normalised). */
export async function findSuppressionsByEmail(
  db: DbOrTx,
  clinicId: string,
  emails: (string | null | undefined)[],
): Promise<Map<string, SuppressionRow>> {
  const wanted = [...new Set(emails.filter((e): e is string => !!e?.trim()).map(normaliseAddress))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select()
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.clinicId, clinicId), inArray(emailSuppressions.email, wanted)));
  return new Map(rows.map((r) => [r.email, r]));
}

export interface SuppressionFilters {
  /** Part of the address, any case. */
  q?: string;
  /** Exactly this address (normalised). */
  email?: string;
}

function whereOf(clinicId: string, filters: SuppressionFilters): SQL | undefined {
  const where: SQL[] = [eq(emailSuppressions.clinicId, clinicId)];
  if (filters.email) where.push(eq(emailSuppressions.email, normaliseAddress(filters.email)));
  if (filters.q) {
    const like = `%${filters.q.trim().replace(/[%_\\]/g, "\\$&")}%`;
    where.push(or(ilike(emailSuppressions.email, like), ilike(emailSuppressions.smtpReply, like))!);
  }
  return and(...where);
}

/** A page of the clinic's suppressed addresses, newest first. */
export async function listSuppressions(
  db: DbOrTx,
  clinicId: string,
  filters: SuppressionFilters,
  page: number,
  pageSize: number,
): Promise<{ rows: SuppressionRow[]; total: number }> {
  const condition = whereOf(clinicId, filters);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(emailSuppressions)
      .where(condition)
      .orderBy(desc(emailSuppressions.createdAt), asc(emailSuppressions.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(emailSuppressions).where(condition),
  ]);
  return { rows, total: Number(totals[0]?.n ?? 0) };
}

/** Every suppressed address of the clinic matching the filters, by address (for the export). */
export function allSuppressions(db: DbOrTx, clinicId: string, filters: SuppressionFilters) {
  return db
    .select()
    .from(emailSuppressions)
    .where(whereOf(clinicId, filters))
    .orderBy(asc(emailSuppressions.email));
}

/** Staff list an address by hand; one already listed is a conflict. */
export async function addManualSuppression(
  db: DbOrTx,
  clinicId: string,
  input: { email: string; patientId?: string | null },
): Promise<SuppressionRow> {
  const [row] = await db
    .insert(emailSuppressions)
    .values({
      clinicId,
      email: normaliseAddress(input.email),
      reason: "manual",
      patientId: input.patientId ?? null,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new ConflictError("this address is already suppressed");
  return row;
}

/** Takes an address off the list; the removed row, or undefined when it was not there. */
export async function removeSuppression(
  db: DbOrTx,
  clinicId: string,
  id: string,
): Promise<SuppressionRow | undefined> {
  const rows = await db
    .delete(emailSuppressions)
    .where(and(eq(emailSuppressions.clinicId, clinicId), eq(emailSuppressions.id, id)))
    .returning();
  return rows[0];
}
