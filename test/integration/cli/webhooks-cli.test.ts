import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PasswordCipher } from "../../../src/core/crypto/password-cipher.js";
import { openDatabase } from "../../../src/core/db/client.js";
import { webhookEndpoints } from "../../../src/core/db/schema.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";

const SECRET = "cli-test-secret-key-0123";
let dir: string;
let pg: TestDatabase | undefined;

const cli = (args: string[], env: Record<string, string> = {}) => run(["webhooks", "system", ...args], env);

function run(args: string[], env: Record<string, string> = {}) {
  const base: Record<string, string> = pg
    ? { DATABASE_URL: pg.url!, SECRET_KEY: SECRET }
    : { DATA_DIR: path.join(dir, "data"), SECRET_KEY: SECRET };
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", ...args],
      { env: { PATH: process.env.PATH, LOG_LEVEL: "warn", ...base, ...env }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "dentalpin-webhooks-"));
  if (onceAcrossEngines && onPostgres) pg = await createTestDatabase();
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg?.close();
});

describe.runIf(onceAcrossEngines)("webhooks system (CLI)", { timeout: 120_000 }, () => {
  it("adds an installation endpoint printing its secret once, lists it without, rotates and deletes it", async () => {
    const allow = { SMTP_ALLOW_PRIVATE_HOSTS: "true" };
    const added = await cli(
      ["add", "--url", "http://127.0.0.1:9/hooks", "--description", "Platform", "--events", "email.failed"],
      allow,
    );
    expect(added.code, added.stderr).toBe(0);
    const endpoint = JSON.parse(added.stdout);
    expect(endpoint).toMatchObject({
      url: "http://127.0.0.1:9/hooks",
      event_types: ["email.failed"],
      enabled: true,
    });
    expect(endpoint.secret).toMatch(/^whsec_/);

    const list = await cli(["list"]);
    expect(JSON.parse(list.stdout)).toEqual(
      [{ ...endpoint, secret: undefined }].map(({ secret: _, ...e }) => e),
    );
    expect(list.stdout).not.toContain(endpoint.secret);

    const rotated = await cli(["rotate", "--id", endpoint.id]);
    expect(JSON.parse(rotated.stdout).secret).not.toBe(endpoint.secret);
    expect(`${added.stderr}${list.stderr}${rotated.stderr}`).not.toContain("whsec_");

    expect(JSON.parse((await cli(["delete", "--id", endpoint.id])).stdout)).toEqual({ deleted: true });
    expect(JSON.parse((await cli(["list"])).stdout)).toEqual([]);
  });

  it("secrets re-encrypt rewrites a webhook secret made under an old key", async () => {
    const oldKey = "the-previous-secret-key-0123";
    const added = await cli(["add", "--url", "http://127.0.0.1:9/old"], {
      SMTP_ALLOW_PRIVATE_HOSTS: "true",
      SECRET_KEY: oldKey,
    });
    expect(added.code, added.stderr).toBe(0);
    const { id, secret } = JSON.parse(added.stdout);
    const res = await run(["secrets", "re-encrypt"], { SECRET_KEY_FALLBACKS: oldKey });
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ reencrypted: 1, unreadable: 0 });
    const config = pg
      ? { kind: "postgres" as const, url: pg.url! }
      : { kind: "pglite" as const, dataDir: path.join(dir, "data") };
    const db = await openDatabase(config);
    const [row] = await db.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await db.close();
    const current = new PasswordCipher(SECRET);
    expect(current.isCurrent(row!.secretEncrypted)).toBe(true);
    expect(current.decryptPassword(row!.secretEncrypted)).toBe(secret);
    await cli(["delete", "--id", id]);
  });

  it("refuses a private URL (unless private hosts are allowed) and an unknown event, naming it", async () => {
    const privateUrl = await cli(["add", "--url", "https://10.0.0.5/hooks"]);
    expect(privateUrl.code).not.toBe(0);
    expect(privateUrl.stderr).toMatch(/not allowed/);
    const unknown = await cli(["add", "--url", "https://10.0.0.5/hooks", "--events", "email.opened"]);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/unknown --events email.opened/);
  });
});
