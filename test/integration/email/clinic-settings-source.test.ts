import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/config.js";
import { PasswordCipher } from "../../../src/core/crypto/password-cipher.js";
import { clinicSmtpSettings, clinics } from "../../../src/core/db/schema.js";
import { EmailService } from "../../../src/core/email/index.js";
import { DbClinicEmailSettingsSource } from "../../../src/modules/notifications/index.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

const AUTH = { user: "citas@sonrisas.example.com", pass: "app pässword" };
const cipher = new PasswordCipher("test-secret-key-0123456789");

let t: TestDatabase;
let sink: SmtpSink;
let withRow: string;
let withoutRow: string;

beforeAll(async () => {
  [t, sink] = await Promise.all([createTestDatabase(), startSmtpSink({ auth: AUTH })]);
  const inserted = await t.db
    .insert(clinics)
    .values([{ name: "Clínica Sonrisas" }, { name: "Clínica Norte" }])
    .returning({ id: clinics.id });
  withRow = inserted[0]!.id;
  withoutRow = inserted[1]!.id;
  await t.db.insert(clinicSmtpSettings).values({
    clinicId: withRow,
    provider: "smtp",
    host: "127.0.0.1",
    port: sink.port,
    username: AUTH.user,
    passwordEncrypted: cipher.encryptPassword(AUTH.pass),
    useTls: true,
    useSsl: false,
    fromEmail: AUTH.user,
    fromName: "Clínica Sonrisas",
  });
});
afterAll(async () => {
  await Promise.all([t?.close(), sink?.close()]);
});

const setRow = (values: Partial<typeof clinicSmtpSettings.$inferInsert>) =>
  t.db.update(clinicSmtpSettings).set(values).where(eq(clinicSmtpSettings.clinicId, withRow));

describe("DbClinicEmailSettingsSource", () => {
  it("reads the clinic's row with the password decrypted, and null for a clinic without one", async () => {
    const source = new DbClinicEmailSettingsSource(t.db, cipher);
    await expect(source.get(withRow)).resolves.toEqual({
      provider: "smtp",
      source: "clinic",
      smtp: {
        host: "127.0.0.1",
        port: sink.port,
        username: AUTH.user,
        password: AUTH.pass,
        useTls: true,
        useSsl: false,
        fromEmail: AUTH.user,
        fromName: "Clínica Sonrisas",
        caCertificate: null,
      },
    });
    await expect(source.get(withoutRow)).resolves.toBeNull();
  });

  it("caches per clinic until invalidated or the entry ages out", async () => {
    let now = 1_000_000;
    const source = new DbClinicEmailSettingsSource(t.db, cipher, { ttlMs: 30_000, now: () => now });
    expect((await source.get(withRow))?.provider).toBe("smtp");
    await setRow({ provider: "console" });
    expect((await source.get(withRow))?.provider).toBe("smtp");
    source.invalidate(withRow);
    expect((await source.get(withRow))?.provider).toBe("console");
    await setRow({ provider: "disabled" });
    now += 30_000;
    expect((await source.get(withRow))?.provider).toBe("disabled");
    await setRow({ provider: "smtp" });
  });

  it("treats an unknown provider as disabled and an unreadable password as none", async () => {
    const other = new PasswordCipher("another-secret-key-9876543210");
    await setRow({ provider: "carrier-pigeon", passwordEncrypted: other.encryptPassword("x") });
    const source = new DbClinicEmailSettingsSource(t.db, cipher);
    const s = await source.get(withRow);
    expect(s?.provider).toBe("disabled");
    expect(s?.smtp?.password).toBeNull();
    await setRow({ provider: "smtp", passwordEncrypted: cipher.encryptPassword(AUTH.pass) });
  });

  it("lets EmailService send with the clinic's stored settings, and the global fallback without", async () => {
    // What the console provider prints (it writes to its output, not the logger).
    const logged: string[] = [];
    const svc = new EmailService({
      settingsSource: new DbClinicEmailSettingsSource(t.db, cipher),
      global: loadConfig({ EMAIL_PROVIDER: "console" }).email,
      logger: { info: () => undefined },
      consoleOutput: { write: (s: string) => logged.push(s) > 0 },
      tls: { rejectUnauthorized: false },
      allowPrivateHosts: true,
    });
    const message = { to: "ana@example.com", subject: "Hola", bodyHtml: "<p>Hola</p>" };
    await expect(svc.send(message, { clinicId: withRow })).resolves.toMatchObject({
      isSuccess: true,
      provider: "smtp",
    });
    const [mail] = await sink.waitFor(1);
    expect(mail!.user).toBe(AUTH.user);
    expect(mail!.from?.text).toBe(`"Clínica Sonrisas" <${AUTH.user}>`);
    await expect(svc.send(message, { clinicId: withoutRow })).resolves.toMatchObject({
      isSuccess: true,
      provider: "console",
    });
    expect(logged).toHaveLength(1);
    // Settings saved with a new password take effect once the service is told.
    await setRow({ passwordEncrypted: cipher.encryptPassword("rotated") });
    svc.invalidate(withRow);
    await expect(svc.send(message, { clinicId: withRow })).resolves.toMatchObject({
      failure: "permanent",
      smtpCode: 535,
    });
    await svc.close();
  });
});
