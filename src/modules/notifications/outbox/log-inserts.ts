import { randomUUID } from "node:crypto";
import type { DbOrTx } from "../../../core/db/client.js";
import { emailLogs } from "../../../core/db/schema.js";
import type { NewEmailLog } from "./email-logs-repo.js";

const buffers = new WeakMap<object, NewEmailLog[]>();

/**
 * From now on, log rows written through this transaction by sendNotification wait here and go
 * to the database together (flushLogInserts): one INSERT for a dispatcher batch instead of
 * one or two per event. Only for the dispatcher's own transaction, whose handlers do not use
 * what sendNotification returns.
 */
export function deferLogInserts(tx: DbOrTx): void {
  buffers.set(tx, []);
}

/** Queues the row when the transaction defers its inserts; returns the row as it will be stored, or null. */
export function deferLogInsert(tx: DbOrTx, row: NewEmailLog): (NewEmailLog & { id: string }) | null {
  const buffer = buffers.get(tx);
  if (!buffer) return null;
  const stored = { ...row, id: row.id ?? randomUUID() };
  buffer.push(stored);
  return stored;
}

/**
 * Writes what waits. Called before anything reads or changes email_logs in that transaction,
 * so reads see every row written before them. A row whose dedupe key exists is left out, as
 * insertLogOnce leaves it.
 */
export async function flushLogInserts(tx: DbOrTx): Promise<void> {
  const buffer = buffers.get(tx);
  if (!buffer || buffer.length === 0) return;
  const rows = buffer.splice(0);
  await tx.insert(emailLogs).values(rows).onConflictDoNothing();
}
