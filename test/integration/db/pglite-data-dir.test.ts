import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { openPglite } from "../../../src/core/db/client.js";
import { onPostgres } from "../../support/engine.js";

// The embedded engine's data directory: created on the first start (initdb in a thread of its
// own), then opened as it is.
describe.skipIf(onPostgres)("PGlite data directory", { timeout: 120_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "dp-pglite-dir-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("is created on the first open, and what was written is there on the next", async () => {
    const first = await openPglite(dir);
    expect(existsSync(path.join(dir, "pgdata", "PG_VERSION"))).toBe(true);
    await first.query(sql`CREATE TABLE kept (v text)`);
    await first.query(sql`INSERT INTO kept VALUES ('written before closing')`);
    await first.close();

    const again = await openPglite(dir);
    expect(await again.query(sql`SELECT v FROM kept`)).toEqual([{ v: "written before closing" }]);
    await again.close();
  });

  it("says so when the directory cannot be created", async () => {
    const blocked = path.join(dir, "a-file");
    await (await import("node:fs/promises")).writeFile(blocked, "not a directory");
    await expect(openPglite(blocked)).rejects.toThrow();
  });
});
