import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { PasswordCipher } from "../../../src/core/crypto/password-cipher.js";
import { openDatabase } from "../../../src/core/db/client.js";
import { webhookEndpoints } from "../../../src/core/db/schema.js";
import { cliInstallation } from "../../support/cli-installation.js";
import { onceAcrossEngines, onPostgres } from "../../support/engine.js";

const SECRET = "cli-test-secret-key-0123";
const installation = cliInstallation({
  name: "webhooks",
  secret: SECRET,
  postgres: onceAcrossEngines && onPostgres,
});
const run = installation.cli;
const cli = (args: string[], env: Record<string, string> = {}) => run(["webhooks", "system", ...args], env);

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
    const db = await openDatabase(installation.databaseConfig());
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
