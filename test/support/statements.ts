import type { Transaction } from "@electric-sql/pglite";
import pg from "pg";
import type { Database } from "../../src/core/db/client.js";

/**
 * Counts the statements the app sends to its database until stop(): on PostgreSQL every
 * client's query (BEGIN and COMMIT included); on PGlite its queries, a transaction's BEGIN and
 * COMMIT and the queries run inside it.
 */
export function countStatements(database: Database): { readonly n: number; stop(): void } {
  let n = 0;
  const restore: (() => void)[] = [];
  const wrap = <T extends object>(target: T, key: keyof T) => {
    const original = target[key] as unknown as (...args: unknown[]) => unknown;
    (target as Record<keyof T, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      n++;
      return original.apply(this, args);
    };
    restore.push(() => {
      (target as Record<keyof T, unknown>)[key] = original;
    });
  };
  if (database.pglite) {
    const pglite = database.pglite;
    for (const key of ["query", "exec"] as const) wrap(pglite, key);
    // A transaction: its BEGIN and COMMIT, and what runs on its own handle.
    const transaction = pglite.transaction;
    pglite.transaction = function <T>(this: typeof pglite, callback: (tx: Transaction) => Promise<T>) {
      n += 2;
      return transaction.call(this, (tx: Transaction) => {
        for (const key of ["query", "exec"] as const) wrap(tx, key);
        return callback(tx);
      }) as Promise<T>;
    } as typeof transaction;
    restore.push(() => {
      pglite.transaction = transaction;
    });
  } else {
    wrap(pg.Client.prototype, "query");
  }
  return {
    get n() {
      return n;
    },
    stop: () => {
      for (const undo of restore.reverse()) undo();
    },
  };
}
