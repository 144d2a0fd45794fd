import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { openPglite, openPostgres } from "../../src/core/db/client.js";
import { runMigrations } from "../../src/core/db/migrate.js";
import { withDatabase } from "./pg-url.js";

declare module "vitest" {
  export interface ProvidedContext {
    pgliteDump: string;
    pgTemplate: string;
  }
}

/**
 * Migrates once per run: a PGlite data directory dumped to a file (restored per test file
 * in ~0.3 s instead of a 5 s cold migrate), and, on PostgreSQL, a template database that
 * each test file clones.
 */
export default async function setup(project: TestProject) {
  // The project's `env` reaches its tests, not its global setup: read it from the project.
  const engine = (project.config.env as Record<string, string> | undefined)?.TEST_ENGINE ?? "pglite";
  const dir = mkdtempSync(path.join(tmpdir(), "dentalpin-test-"));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(dir, { recursive: true, force: true })];

  const pglite = await openPglite(undefined);
  await runMigrations(pglite);
  const dump = await pglite.pglite!.dumpDataDir("none");
  const dumpPath = path.join(dir, "pglite.tar");
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  project.provide("pgliteDump", dumpPath);

  if (engine === "postgres") {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error("TEST_DATABASE_URL is required for the postgres engine");
    const template = `dp_tpl_${randomBytes(4).toString("hex")}`;
    const admin = await openPostgres(url, 2);
    await admin.pool!.query(`CREATE DATABASE ${template}`);
    const db = await openPostgres(withDatabase(url, template), 2);
    await runMigrations(db);
    await db.close();
    project.provide("pgTemplate", template);
    cleanups.push(async () => {
      const { rows } = await admin.pool!.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1",
        [`dp_t_${template.slice(7)}%`],
      );
      for (const r of [...rows.map((x) => x.datname), template]) {
        await admin.pool!.query(`DROP DATABASE IF EXISTS ${r} WITH (FORCE)`).catch(() => {});
      }
      await admin.close();
    });
  } else {
    project.provide("pgTemplate", "");
  }
  writeFileSync(path.join(dir, "engine"), engine);

  return async () => {
    for (const c of cleanups.reverse()) await c();
  };
}
