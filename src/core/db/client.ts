import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync } from "node:fs";
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

/**
 * PGlite's own start parameters, plus memory sized for one process with one connection: its
 * WebAssembly heap never shrinks, so PostgreSQL's server-sized defaults (128 MB of shared
 * buffers, 64 MB for maintenance) would stay resident for good. 16 MB of shared buffers hold
 * a clinic's hot rows; measured on the bench: −140 MB of resident memory, no loss of rate.
 */
const PGLITE_START_PARAMS = [
  ...PGlite.defaultStartParams,
  "-c",
  "shared_buffers=16MB",
  "-c",
  "max_connections=4",
  "-c",
  "maintenance_work_mem=16MB",
  "-c",
  "temp_buffers=1MB",
];

/**
 * Creates a new data directory (initdb) in a short-lived process of its own. initdb's
 * WebAssembly instance peaks near 900 MB, and memory a process once grew to stays with it
 * (freed, not returned): the server then opens the directory at its running size instead.
 */
async function initPgliteDir(dir: string): Promise<void> {
  const script = `
    const { PGlite } = await import(${JSON.stringify(import.meta.resolve("@electric-sql/pglite"))});
    const db = await PGlite.create({ dataDir: ${JSON.stringify(dir)}, startParams: ${JSON.stringify(PGLITE_START_PARAMS)} });
    await db.close();`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-2000);
  });
  const [code] = (await once(child, "exit")) as [number | null];
  if (code !== 0)
    throw new Error(`could not create the database in ${dir}: ${stderr.trim() || `exit ${code}`}`);
}

export async function openPglite(dataDir: string | undefined, loadDataDir?: Blob): Promise<Database> {
  let dir: string | undefined;
  if (dataDir) {
    dir = path.resolve(dataDir, "pgdata");
    mkdirSync(path.dirname(dir), { recursive: true });
  }
  if (dir && !loadDataDir && !existsSync(path.join(dir, "PG_VERSION"))) await initPgliteDir(dir);
  const client = await PGlite.create({ dataDir: dir, loadDataDir, startParams: PGLITE_START_PARAMS });
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
