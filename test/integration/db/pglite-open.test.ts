import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "../../../src/core/db/client.js";
import { onPostgres } from "../../support/engine.js";

const root = mkdtempSync(path.join(tmpdir(), "dentalpin-pglite-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The embedded engine's own set-up: run once, on the PGlite project.
describe.skipIf(onPostgres)("the embedded database's data directory", { timeout: 120_000 }, () => {
  it("is created on first open (in a process of its own) and opened with memory sized for one process", async () => {
    const dataDir = path.join(root, "first");
    const database = await openPglite(dataDir);
    try {
      expect(existsSync(path.join(dataDir, "pgdata", "PG_VERSION"))).toBe(true);
      const [row] = await database.query<{ shared_buffers: string }>(sql`SHOW shared_buffers`);
      expect(row!.shared_buffers).toBe("16MB");
      await database.query(sql`CREATE TABLE kept (v text)`);
      await database.query(sql`INSERT INTO kept VALUES ('still here')`);
    } finally {
      await database.close();
    }
    // Opened again: the same directory, its data kept.
    const again = await openPglite(dataDir);
    try {
      expect(await again.query(sql`SELECT v FROM kept`)).toEqual([{ v: "still here" }]);
    } finally {
      await again.close();
    }
  });

  it("says which directory it could not create", async () => {
    const blocker = path.join(root, "a-file");
    writeFileSync(blocker, "not a directory");
    await expect(openPglite(path.join(blocker, "data"))).rejects.toThrow(/a-file/);
  });
});
