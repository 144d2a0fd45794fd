import { sql } from "drizzle-orm";
import type { DbOrTx } from "../../../core/db/client.js";

/** The channel email workers LISTEN on. */
export const EMAILS_CHANNEL = "dentalpin_emails";

/**
 * Wakes the email workers, whoever made an email due (a new pending row, a failed one sent
 * again): the one way to do it. Inside a transaction PostgreSQL delivers it at commit, and
 * folds repeats into one.
 */
export async function wakeWorkers(db: DbOrTx): Promise<void> {
  await db.execute(sql`SELECT pg_notify(${EMAILS_CHANNEL}, '')`);
}
