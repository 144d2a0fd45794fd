import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { SQL } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import type { DatabaseConfig } from "../../config.js";
import { restrictToOwner } from "../private-dir.js";
import * as schema from "./schema.js";

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; every repository function accepts either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  /** Host and database, or the data directory, for messages (never the password). */
  describe: string;
  /** Raw SQL returning rows, the same on both engines. */
  query<T = Record<string, unknown>>(statement: SQL, tx?: DbOrTx): Promise<T[]>;
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** Only for PGlite: the underlying instance (dump/restore in tests). */
  pglite?: PGlite;
  pool?: pg.Pool;
}

export class DatabaseUnreachableError extends Error {
  constructor(where: string, cause: string) {
    super(`Cannot reach the database at ${where}: ${cause}`);
    this.name = "DatabaseUnreachableError";
  }
}

export function describePostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the configured DATABASE_URL";
  }
}

export async function rowsOf<T>(db: DbOrTx, statement: SQL): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown as { rows: T[] };
  return result.rows;
}

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const describe = describePostgresUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // A dropped connection must not crash the process; the pool replaces it. The pool only
  // listens for errors on idle clients: a client checked out between two queries (inside a
  // transaction) would otherwise throw an unhandled 'error' event. Its next query fails
  // instead, the caller sees that, and the pool discards the client on release.
  pool.on("error", () => {});
  pool.on("connect", (client) => {
    client.on("error", () => {});
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (err) {
    await pool.end().catch(() => {});
    throw new DatabaseUnreachableError(describe, (err as Error).message || String(err));
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    describe,
    pool,
    query: (statement, tx) => rowsOf(tx ?? db, statement),
    async listen(channel, onNotify) {
      const client = new pg.Client({ connectionString: url });
      client.on("error", () => {});
      await client.connect();
      client.on("notification", (msg) => {
        if (msg.channel === channel) onNotify(msg.payload ?? "");
      });
      await client.query(`LISTEN "${channel.replace(/"/g, "")}"`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    close: () => pool.end(),
  };
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.resolve(dataDir, "pgdata");
    mkdirSync(path.dirname(dir), { recursive: true });
  }
  const client = await PGlite.create({ dataDir: dir, loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    describe: dir ? `embedded PGlite in ${dir}` : "in-memory PGlite",
    pglite: client,
    query: (statement, tx) => rowsOf(tx ?? db, statement),
    async listen(channel, onNotify) {
      return client.listen(channel, onNotify);
    },
    async close() {
      await client.close();
      if (dir) restrictToOwner(dir);
    },
  };
}

export function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === "postgres" ? openPostgres(config.url) : openPglite(config.dataDir);
}
