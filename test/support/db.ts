import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { inject } from "vitest";
import { type Database, type Db, openPglite, openPostgres } from "../../src/core/db/client.js";
import { withDatabase } from "./pg-url.js";

export interface TestDatabase {
  database: Database;
  db: Db;
  engine: "pglite" | "postgres";
  /** Connection URL (PostgreSQL only), for child processes such as workers. */
  url?: string;
  close(): Promise<void>;
}

export function testEngine(): "pglite" | "postgres" {
  return process.env.TEST_ENGINE === "postgres" ? "postgres" : "pglite";
}

/** A fresh, migrated database for one test file: a restored PGlite dump or a clone of the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testEngine() === "pglite") {
    const dump = readFileSync(inject("pgliteDump"));
    const database = await openPglite(undefined, new Blob([dump]));
    return { database, db: database.db, engine: "pglite", close: () => database.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const template = inject("pgTemplate");
  const name = `dp_t_${template.slice(7)}_${randomBytes(4).toString("hex")}`;
  const admin = await openPostgres(base, 1);
  await admin.pool!.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.close();
  const url = withDatabase(base, name);
  const database = await openPostgres(url, 10);
  return {
    database,
    db: database.db,
    engine: "postgres",
    url,
    async close() {
      await database.close();
      const a = await openPostgres(base, 1);
      await a.pool!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await a.close();
    },
  };
}
