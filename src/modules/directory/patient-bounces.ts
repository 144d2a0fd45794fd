import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "../../core/db/client.js";
import { emailSuppressions, patients } from "../../core/db/schema.js";
import type { Patient } from "./patients-repo.js";

/**
 * A patient's address is bouncing while the clinic's suppression list (owned by the
 * notifications module, which fills it) has it; the directory only reads the list, and takes an
 * address off it when staff give the patient a new one.
 */
export interface EmailBounce {
  bouncedAt: Date;
  reply: string | null;
}

const normalise = (email: string) => email.trim().toLowerCase();

/** The listed addresses of these patients, keyed by patient id (those not listed are absent). */
export async function bouncesOf(
  db: DbOrTx,
  clinicId: string,
  list: readonly Patient[],
): Promise<Map<string, EmailBounce>> {
  const emails = [...new Set(list.flatMap((p) => (p.email?.trim() ? [normalise(p.email)] : [])))];
  if (emails.length === 0) return new Map();
  const rows = await db
    .select({
      email: emailSuppressions.email,
      createdAt: emailSuppressions.createdAt,
      reply: emailSuppressions.smtpReply,
    })
    .from(emailSuppressions)
    .where(and(eq(emailSuppressions.clinicId, clinicId), inArray(emailSuppressions.email, emails)));
  const byEmail = new Map(rows.map((r) => [r.email, { bouncedAt: r.createdAt, reply: r.reply }]));
  const found = new Map<string, EmailBounce>();
  for (const p of list) {
    const bounce = p.email ? byEmail.get(normalise(p.email)) : undefined;
    if (bounce) found.set(p.id, bounce);
  }
  return found;
}

/**
 * The patient's address changed: the old one leaves the clinic's list, unless another patient
 * of the clinic still has it (emails to them would bounce too, so it stays listed for them).
 */
export async function releaseOldAddress(
  db: DbOrTx,
  clinicId: string,
  patientId: string,
  oldEmail: string | null,
): Promise<void> {
  if (!oldEmail?.trim()) return;
  const address = normalise(oldEmail);
  const sharedBy = db
    .select({ one: sql`1` })
    .from(patients)
    .where(
      and(
        eq(patients.clinicId, clinicId),
        ne(patients.id, patientId),
        sql`lower(btrim(${patients.email})) = ${address}`,
      ),
    );
  await db
    .delete(emailSuppressions)
    .where(
      and(
        eq(emailSuppressions.clinicId, clinicId),
        eq(emailSuppressions.email, address),
        sql`NOT EXISTS (${sharedBy})`,
      ),
    );
}
