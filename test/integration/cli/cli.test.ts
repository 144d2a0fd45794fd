import { describe, expect, it } from "vitest";
import { TokenService } from "../../../src/core/auth/tokens.js";
import { PasswordCipher } from "../../../src/core/crypto/password-cipher.js";
import { openDatabase } from "../../../src/core/db/client.js";
import { upsertSmtpSettings } from "../../../src/modules/notifications/settings/smtp-settings-repo.js";
import { cliInstallation } from "../../support/cli-installation.js";
import { onPostgres } from "../../support/engine.js";

const SECRET = "cli-test-secret-key-0123";
const installation = cliInstallation({ name: "cli", secret: SECRET, postgres: onPostgres });
const cli = installation.cli;

describe("cli", { timeout: 120_000 }, () => {
  let clinicId: string;

  it("creates a clinic and a user, printing only JSON on stdout", async () => {
    const clinic = await cli([
      "clinics",
      "create",
      "--name",
      "Clínica CLI",
      "--timezone",
      "Europe/Madrid",
      "--locale",
      "es",
    ]);
    expect(clinic.code).toBe(0);
    clinicId = JSON.parse(clinic.stdout).clinic_id;
    expect(clinicId).toMatch(/^[0-9a-f-]{36}$/);
    const user = await cli([
      "users",
      "create",
      "--clinic-id",
      clinicId,
      "--email",
      "dr@cli.example",
      "--password",
      "long-enough",
      "--role",
      "dentist",
    ]);
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout).user_id).toMatch(/^[0-9a-f-]{36}$/);
    const dup = await cli([
      "users",
      "create",
      "--clinic-id",
      clinicId,
      "--email",
      "DR@cli.example",
      "--password",
      "long-enough",
      "--role",
      "dentist",
    ]);
    expect(dup.code).not.toBe(0);
    expect(dup.stdout).toBe("");
    expect(dup.stderr).toMatch(/already has an account/);
    const badRole = await cli([
      "users",
      "create",
      "--clinic-id",
      clinicId,
      "--email",
      "x@cli.example",
      "--password",
      "long-enough",
      "--role",
      "boss",
    ]);
    expect(badRole.stderr).toMatch(/--role/);
  });

  it("refuses a clinic name with a line break, naming --name", async () => {
    for (const name of ["Sol\nBcc: evil@x.example", "Sol\rX"]) {
      const res = await cli(["clinics", "create", "--name", name]);
      expect(res.code).not.toBe(0);
      expect(res.stdout).toBe("");
      expect(res.stderr.trim()).toBe(
        "error: --name must not contain line breaks or other control characters",
      );
    }
  });

  it("prints a token, and nothing else, that verifies with the same secret", async () => {
    const res = await cli([
      "token",
      "--clinic-id",
      clinicId,
      "--permissions",
      "notifications.events.publish",
      "--ttl",
      "2h",
    ]);
    expect(res.code).toBe(0);
    const token = res.stdout.trim();
    expect(token.split(".")).toHaveLength(3);
    const principal = await new TokenService(SECRET).verifyAccess(token);
    expect(principal).toMatchObject({ clinicId, permissions: ["notifications.events.publish"] });
  });

  it("seeds the demo clinic once, with its login", async () => {
    const first = JSON.parse((await cli(["seed-demo"])).stdout);
    expect(first).toMatchObject({ created: true, admin_email: expect.stringContaining("@") });
    expect(first.admin_password.length).toBeGreaterThanOrEqual(10);
    const second = JSON.parse((await cli(["seed-demo"])).stdout);
    expect(second).toMatchObject({ created: false, clinic_id: first.clinic_id, admin_password: null });
  });

  it("re-encrypts stored SMTP passwords under the current key", async () => {
    const oldSecret = "the-previous-secret-key";
    const db = await openDatabase(installation.databaseConfig());
    await upsertSmtpSettings(db.db, clinicId, {
      provider: "smtp",
      host: "smtp.example.com",
      port: 587,
      username: "u",
      passwordEncrypted: new PasswordCipher(oldSecret).encryptPassword("pw-123"),
      useTls: true,
      useSsl: false,
      fromEmail: "a@example.com",
      fromName: "A",
    });
    await db.close();
    const res = await cli(["secrets", "re-encrypt"], { SECRET_KEY_FALLBACKS: oldSecret });
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toEqual({ reencrypted: 1, unreadable: 0 });
    const after = await openDatabase(installation.databaseConfig());
    const rows = await after.query<{ password_encrypted: string }>(
      (await import("drizzle-orm")).sql`SELECT password_encrypted FROM clinic_smtp_settings`,
    );
    await after.close();
    const current = new PasswordCipher(SECRET);
    expect(current.isCurrent(rows[0]!.password_encrypted)).toBe(true);
    expect(current.decryptPassword(rows[0]!.password_encrypted)).toBe("pw-123");
  });

  it("stops with one line naming the host when the database cannot be reached", async () => {
    const res = await cli(["migrate"], {
      DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
      SECRET_KEY: SECRET,
    });
    expect(res.code).not.toBe(0);
    expect(res.stdout).toBe("");
    const lines = res.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/127\.0\.0\.1:1/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it("stops with the variable's name on a bad configuration", async () => {
    const res = await cli(["migrate"], { PORT: "not-a-port" });
    expect(res.code).not.toBe(0);
    expect(res.stderr.trim()).toMatch(/^error: Invalid configuration: PORT: expected an integer/);
  });
});
