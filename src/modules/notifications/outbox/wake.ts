import type { DbOrTx } from "../../../core/db/client.js";
import { wakeListeners } from "../../../core/db/notify.js";

/** The channel email workers LISTEN on. */
export const EMAILS_CHANNEL = "dentalpin_emails";

/** Wakes the email workers, whoever made an email due (a new pending row, a failed one sent again). */
export async function wakeWorkers(db: DbOrTx): Promise<void> {
  await wakeListeners(db, EMAILS_CHANNEL);
}
