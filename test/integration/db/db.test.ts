import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgres } from "../../../src/core/db/client.js";
import { MIGRATIONS_FOLDER, migrationsApplied, runMigrations } from "../../../src/core/db/migrate.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { findAppointment } from "../../../src/modules/directory/appointments-repo.js";
import { createClinic } from "../../../src/modules/directory/clinics-repo.js";
import { findPatient, insertPatient, listPatients } from "../../../src/modules/directory/patients-repo.js";
import {
  getLog,
  insertLogOnce,
  listLogs,
} from "../../../src/modules/notifications/outbox/email-logs-repo.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { onPostgres } from "../../support/engine.js";
import { withDatabase } from "../../support/pg-url.js";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.close();
});

describe("schema", () => {
  it("has every migration applied", async () => {
    expect(await migrationsApplied(t.database)).toBe(true);
  });

  it("round-trips a full email log row", async () => {
    const clinic = await createClinic(t.db, { name: "Round Trip" });
    const now = new Date("2026-11-25T10:00:00.123Z");
    const { log, created } = await insertLogOnce(t.db, {
      clinicId: clinic.id,
      recipientEmail: "a@example.com",
      recipientName: "Ana",
      patientId: randomUUID(),
      templateKey: "welcome",
      notificationType: "welcome",
      subject: "Hola",
      bodyHtml: "<p>Hola</p>",
      bodyText: "Hola",
      status: "pending",
      provider: "smtp",
      triggeredByEvent: "patient.created",
      triggeredByUserId: randomUUID(),
      dedupeKey: "k1",
      locale: "es",
      templateSource: "file",
      context: { nested: { list: [1, "two", null] }, ñ: "ü" },
      nextAttemptAt: now,
      createdAt: now,
    });
    expect(created).toBe(true);
    const back = await getLog(t.db, clinic.id, log.id);
    expect(back).toMatchObject({
      context: { nested: { list: [1, "two", null] }, ñ: "ü" },
      nextAttemptAt: now,
      attempts: 0,
    });
    const again = await insertLogOnce(t.db, {
      clinicId: clinic.id,
      recipientEmail: "b@example.com",
      templateKey: "welcome",
      notificationType: "welcome",
      status: "pending",
      dedupeKey: "k1",
    });
    expect(again).toMatchObject({ created: false, log: { id: log.id } });
  });
});

describe("tenant scoping", () => {
  it("repositories never return another clinic's rows", async () => {
    const a = await createClinic(t.db, { name: "A" });
    const b = await createClinic(t.db, { name: "B" });
    const p = await insertPatient(t.db, { clinicId: a.id, firstName: "Solo", lastName: "A" });
    expect(await findPatient(t.db, a.id, p.id)).toBeDefined();
    expect(await findPatient(t.db, b.id, p.id)).toBeUndefined();
    expect((await listPatients(t.db, b.id, undefined, 1, 20)).total).toBe(0);
    expect(await findAppointment(t.db, b.id, randomUUID())).toBeUndefined();
    const { log } = await insertLogOnce(t.db, {
      clinicId: a.id,
      recipientEmail: "x@a.example",
      templateKey: "welcome",
      notificationType: "welcome",
      status: "sent",
    });
    expect(await getLog(t.db, b.id, log.id)).toBeUndefined();
    expect((await listLogs(t.db, b.id, {}, 1, 20)).total).toBe(0);
    expect((await listLogs(t.db, a.id, { status: "sent" }, 1, 20)).rows.map((r) => r.id)).toEqual([log.id]);
  });

  it("lists logs newest first with a stable order for equal timestamps", async () => {
    const c = await createClinic(t.db, { name: "Order" });
    const at = new Date("2026-01-01T00:00:00Z");
    for (let i = 0; i < 5; i++) {
      await t.db.insert(emailLogs).values({
        clinicId: c.id,
        recipientEmail: `${i}@x.example`,
        templateKey: "welcome",
        notificationType: "welcome",
        status: "sent",
        createdAt: at,
      });
    }
    const page1 = await listLogs(t.db, c.id, {}, 1, 3);
    const page2 = await listLogs(t.db, c.id, {}, 2, 3);
    const ids = [...page1.rows, ...page2.rows].map((r) => r.id);
    expect(new Set(ids).size).toBe(5);
    expect(page1.total).toBe(5);
  });
});

describe.skipIf(!onPostgres)("migrations on PostgreSQL", () => {
  it("two processes migrating at once leave one correct schema", async () => {
    const name = `dp_mig_${randomUUID().slice(0, 8)}`;
    const admin = await openPostgres(process.env.TEST_DATABASE_URL!, 1);
    await admin.pool!.query(`CREATE DATABASE ${name}`);
    const one = await openPostgres(withDatabase(process.env.TEST_DATABASE_URL!, name), 2);
    const two = await openPostgres(withDatabase(process.env.TEST_DATABASE_URL!, name), 2);
    try {
      await Promise.all([runMigrations(one), runMigrations(two)]);
      expect(await migrationsApplied(one)).toBe(true);
      const rows = await one.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      );
      // Each migration recorded once, not once per process.
      expect(rows[0]!.n).toBe(readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length);
    } finally {
      await one.close();
      await two.close();
      await admin.pool!.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    }
  });
});
