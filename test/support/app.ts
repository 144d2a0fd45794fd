import { randomUUID } from "node:crypto";
import { type App, createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { Clock } from "../../src/core/clock.js";
import type { ConsoleOutput } from "../../src/core/email/index.js";
import { createLogger } from "../../src/core/logger.js";
import type { Role } from "../../src/core/permissions.js";
import { createClinic } from "../../src/modules/directory/clinics-repo.js";
import { insertProfessional } from "../../src/modules/directory/professionals-repo.js";
import { createTestDatabase, type TestDatabase } from "./db.js";

export const TEST_SECRET = "test-secret-key-0123456789";

export interface TestApp {
  app: App;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/** The real composition root over a fresh test database; background loops are not started. */
export async function createTestApp(
  options: {
    clock?: Clock;
    env?: Record<string, string>;
    consoleOutput?: ConsoleOutput;
    verifyTls?: boolean;
  } = {},
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = loadConfig({
    SECRET_KEY: TEST_SECRET,
    SMTP_ALLOW_PRIVATE_HOSTS: "true",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    EMAIL_PROVIDER: "console",
    EMAIL_RETRY_BASE_SECONDS: "1",
    PUBLIC_URL: "http://127.0.0.1:8000",
    ...options.env,
  });
  const app = await createApp(config, {
    database: testDb.database,
    migrate: false,
    clock: options.clock,
    logger: createLogger(config.logLevel),
    smtpTlsRejectUnauthorized: options.verifyTls ?? false,
    // The console provider prints every email; tests keep their output quiet unless they ask.
    consoleOutput: options.consoleOutput ?? { write: () => true },
  });
  return {
    app,
    testDb,
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

export interface TestClinic {
  clinicId: string;
  professionalId: string;
}

export async function createTestClinic(app: App, overrides: { name?: string; defaultLocale?: string } = {}) {
  const clinic = await createClinic(app.database.db, {
    name: overrides.name ?? `Clínica ${randomUUID().slice(0, 6)}`,
    timezone: "Europe/Madrid",
    defaultLocale: overrides.defaultLocale ?? "es",
    email: "recepcion@clinica.example",
    phone: "+34 910 000 000",
    address: "Calle Mayor 1, Madrid",
  });
  const pro = await insertProfessional(app.database.db, {
    clinicId: clinic.id,
    firstName: "Lucía",
    lastName: "Martín",
  });
  return { clinicId: clinic.id, professionalId: pro.id } satisfies TestClinic;
}

export function tokenFor(app: App, clinicId: string, role: Role | null, permissions?: string[]) {
  return app.tokens.signAccess({ clinicId, role, permissions, userId: null, ttlSeconds: 3600 });
}

/** Points the clinic at an SMTP server (the test sink) without TLS. */
export async function pointClinicAtSink(
  app: App,
  clinicId: string,
  port: number,
  auth?: { user: string; pass: string },
) {
  const { upsertSmtpSettings } = await import(
    "../../src/modules/notifications/settings/smtp-settings-repo.js"
  );
  await upsertSmtpSettings(app.database.db, clinicId, {
    provider: "smtp",
    host: "127.0.0.1",
    port,
    username: auth?.user ?? "",
    passwordEncrypted: auth ? app.cipher.encryptPassword(auth.pass) : null,
    useTls: false,
    useSsl: false,
    fromEmail: "citas@clinica.example",
    fromName: "Clínica Test",
  });
  app.email.invalidate(clinicId);
}

/** Runs the dispatcher and the worker until nothing is due (no sleeps: each pass works or ends). */
export async function drain(app: App, maxRounds = 50): Promise<void> {
  for (let i = 0; i < maxRounds; i++) {
    const events = await app.dispatcher.dispatchBatch();
    const emails = await app.worker.runOnce();
    if (events === 0 && emails === 0) return;
  }
  throw new Error("work did not drain");
}

/** Polls until `check` passes or the deadline passes. */
export async function eventually<T>(
  check: () => Promise<T>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
