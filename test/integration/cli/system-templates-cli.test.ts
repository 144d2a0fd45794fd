import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";

const SECRET = "cli-test-secret-key-0123";
let dir: string;
let pg: TestDatabase | undefined;

function cli(args: string[]) {
  const base: Record<string, string> = pg
    ? { DATABASE_URL: pg.url!, SECRET_KEY: SECRET }
    : { DATA_DIR: path.join(dir, "data"), SECRET_KEY: SECRET };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { env: { PATH: process.env.PATH, LOG_LEVEL: "warn", ...base }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dentalpin-systpl-"));
  if (onceAcrossEngines && onPostgres) pg = await createTestDatabase();
  writeFileSync(path.join(dir, "subject.txt"), "Welcome to {{ clinic_name }}\n");
  writeFileSync(path.join(dir, "body.html"), "<p>Hello {{ patient_name }}</p>");
  writeFileSync(path.join(dir, "broken.html"), "<p>{{ patient_name </p>");
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.close();
});

describe.runIf(onceAcrossEngines)("templates system (CLI)", { timeout: 120_000 }, () => {
  it("sets, lists and deletes a system template, printing JSON", async () => {
    const set = await cli([
      "templates",
      "system",
      "set",
      "--key",
      "welcome",
      "--locale",
      "en",
      "--subject-file",
      path.join(dir, "subject.txt"),
      "--html-file",
      path.join(dir, "body.html"),
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      template_key: "welcome",
      locale: "en",
      subject: "Welcome to {{ clinic_name }}",
      created: true,
    });
    const list = await cli(["templates", "system", "list"]);
    expect(JSON.parse(list.stdout).map((r: { template_key: string }) => r.template_key)).toEqual(["welcome"]);
    const del = await cli(["templates", "system", "delete", "--key", "welcome", "--locale", "en"]);
    expect(JSON.parse(del.stdout)).toEqual({ deleted: true });
    expect(JSON.parse((await cli(["templates", "system", "list"])).stdout)).toEqual([]);
  });

  it("refuses a template with a syntax error, saying where, and stores nothing", async () => {
    const bad = await cli([
      "templates",
      "system",
      "set",
      "--key",
      "welcome",
      "--locale",
      "en",
      "--subject-file",
      path.join(dir, "subject.txt"),
      "--html-file",
      path.join(dir, "broken.html"),
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: .*line 1/m);
    expect(bad.stdout).toBe("");
    expect(JSON.parse((await cli(["templates", "system", "list"])).stdout)).toEqual([]);
  });

  it("prints an installation token that only opens installation routes", async () => {
    const res = await cli([
      "token",
      "--installation",
      "--permissions",
      "notifications.system_templates.write",
    ]);
    expect(res.code, res.stderr).toBe(0);
    const tokens = new TokenService(SECRET);
    expect(await tokens.verifyInstallation(res.stdout.trim())).toEqual({
      permissions: ["notifications.system_templates.write"],
    });
    await expect(tokens.verifyAccess(res.stdout.trim())).rejects.toThrow();
    const refused = await cli(["token", "--installation", "--permissions", "notifications.send"]);
    expect(refused.code).toBe(1);
  });
});
