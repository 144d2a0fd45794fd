import type { DbOrTx } from "./client.js";

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Remembers a read for the life of one transaction handle: the handlers of one event (each
 * event runs in its own savepoint) read the clinic's settings and the patient's preferences
 * once, however many notifications they write. Reads through the root database handle are
 * not remembered: outside a transaction nothing bounds how stale a value could get.
 */
export function memoInTx<T>(db: DbOrTx, root: DbOrTx, key: string, load: () => Promise<T>): Promise<T> {
  if (db === root) return load();
  let memo = memos.get(db);
  if (!memo) {
    memo = new Map();
    memos.set(db, memo);
  }
  const hit = memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  const value = load();
  memo.set(key, value);
  value.catch(() => memo.delete(key));
  return value;
}
