import { type SQL, sql } from "drizzle-orm";
import type { DbOrTx } from "./client.js";

/**
 * How anything wakes the loops that LISTEN on a channel (the event dispatchers, the email
 * workers): a NOTIFY that PostgreSQL delivers when the writing transaction commits (never for
 * one that rolls back), folding repeats in one transaction into one. As an expression it rides
 * on the statement that writes the rows (`RETURNING …, ${notifyOnCommit(channel)}`), saving a
 * round trip.
 */
export function notifyOnCommit(channel: string): SQL<unknown> {
  return sql`pg_notify(${channel}, '')`;
}

/** The same as a statement of its own, for writes that cannot carry it. */
export async function wakeListeners(db: DbOrTx, channel: string): Promise<void> {
  await db.execute(sql`SELECT ${notifyOnCommit(channel)}`);
}
