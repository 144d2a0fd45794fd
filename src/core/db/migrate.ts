import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { Database } from "./client.js";

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("./migrations", import.meta.url));

/** Any constant works; it only has to be the same in every process of this service. */
const MIGRATION_LOCK_ID = 7_204_118_311;

/**
 * Applies pending migrations. On PostgreSQL a session-level advisory lock, held on one
 * dedicated connection for the whole run, makes concurrent start-ups wait for each other
 * instead of racing on the schema.
 */
export async function runMigrations(database: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  if (database.kind === "pglite") {
    await migratePglite(drizzlePglite(database.pglite!), config);
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    try {
      await migratePg(drizzlePg(client), config);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]);
    }
  } finally {
    client.release();
  }
}

/** True when every migration in the repository has been applied to this database. */
export async function migrationsApplied(database: Database): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length;
  try {
    const rows = await database.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
    );
    return (rows[0]?.n ?? 0) >= expected;
  } catch {
    return false;
  }
}
