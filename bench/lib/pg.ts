import { randomBytes } from "node:crypto";
import pg from "pg";

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
