import { randomBytes } from "node:crypto";
import { type SQL, sql } from "drizzle-orm";
import pg from "pg";
import { cpuMsOf } from "./processes.js";
import { round } from "./stats.js";

export const DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Whether a PostgreSQL server answers at `url`. */
export async function postgresReachable(url: string): Promise<boolean> {
  try {
    await admin(url, (c) => c.query("SELECT 1"));
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `fn` against a throw-away database on the server of `adminUrl`, dropped afterwards
 * (also when `fn` fails), so a benchmark never touches anyone's data.
 */
export async function withThrowawayDatabase<T>(
  adminUrl: string,
  label: string,
  fn: (url: string) => Promise<T>,
) {
  const name = `dp_bench_${label}_${randomBytes(3).toString("hex")}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${name}`));
  try {
    return await fn(withDatabase(adminUrl, name));
  } finally {
    await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).catch(() => {});
  }
}

/**
 * CPU of this database's server processes (its backends, whoever opened them), per message:
 * unlike the whole server's figure, not disturbed by other databases' work on a shared server.
 * Backends present at the end count from the start (or from their birth); one that closed
 * meanwhile is missed (the bench keeps its connections open).
 */
export async function startBackendCpu(query: (statement: SQL) => Promise<{ pid: number }[]>) {
  const pids = async () =>
    (await query(sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)).map((r) =>
      Number(r.pid),
    );
  const before = new Map((await pids()).map((pid) => [pid, cpuMsOf(pid) ?? 0]));
  return async (messages: number): Promise<number | null> => {
    let used = 0;
    let seen = false;
    for (const pid of await pids()) {
      const now = cpuMsOf(pid);
      if (now === null) continue;
      seen = true;
      used += now - (before.get(pid) ?? 0);
    }
    // Not seen: the server runs on another machine (no /proc of its processes here).
    return seen && messages > 0 ? round(used / messages, 2) : null;
  };
}
