import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { DbOrTx } from "./client.js";

/** The columns a claimable queue table (events, emails, webhook deliveries) has in common. */
export interface QueueColumns {
  status: PgColumn;
  nextAttemptAt: PgColumn;
  /** Absent where a claim is a row lock, not a lease (the event inbox). */
  leaseExpiresAt?: PgColumn;
}

/**
 * In how many ms the earliest pending, unleased row of a queue falls due (≤ 0: due now; null:
 * none waits). A row leased by a worker that died is not counted: its lease runs out later,
 * and the loop's longest sleep bounds how long it waits after that.
 */
export async function msUntilNextDue(
  db: DbOrTx,
  table: PgTable,
  columns: QueueColumns,
  now: Date,
): Promise<number | null> {
  const lease = columns.leaseExpiresAt;
  const [row] = await db
    .select({ at: columns.nextAttemptAt })
    .from(table)
    .where(and(eq(columns.status, "pending"), lease ? or(isNull(lease), lt(lease, now)) : undefined))
    .orderBy(columns.nextAttemptAt)
    .limit(1);
  const at = row?.at as Date | null | undefined;
  return at ? at.getTime() - now.getTime() : null;
}
