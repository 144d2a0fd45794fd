import type { DbOrTx } from "./client.js";

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

function memoOf(db: DbOrTx): Map<string, Promise<unknown>> {
  let memo = memos.get(db);
  if (!memo) {
    memo = new Map();
    memos.set(db, memo);
  }
  return memo;
}

/**
 * Remembers a read for the life of one transaction handle: the handlers of one event, or of a
 * whole dispatcher batch, read a clinic's settings and a patient's preferences once, however
 * many notifications they write. Reads through the root database handle are not remembered:
 * outside a transaction nothing bounds how stale a value could get.
 */
export function memoInTx<T>(db: DbOrTx, root: DbOrTx, key: string, load: () => Promise<T>): Promise<T> {
  if (db === root) return load();
  const memo = memoOf(db);
  const hit = memo.get(key) as Promise<T> | undefined;
  if (hit) return hit;
  // A real promise: a drizzle query is a lazy thenable that would run again at every await.
  const value = Promise.resolve(load());
  memo.set(key, value);
  value.catch(() => memo.delete(key));
  return value;
}

/** Stores a value read ahead (one query for a whole batch) where memoInTx will find it. */
export function primeInTx(db: DbOrTx, key: string, value: unknown): void {
  memoOf(db).set(key, Promise.resolve(value));
}

/**
 * A value read ahead that is good for one use only (it may change once the reader writes),
 * or undefined when none was read ahead.
 */
export function takePrimed<T>(db: DbOrTx, key: string): Promise<T> | undefined {
  const memo = memos.get(db);
  const hit = memo?.get(key) as Promise<T> | undefined;
  if (hit) memo!.delete(key);
  return hit;
}
