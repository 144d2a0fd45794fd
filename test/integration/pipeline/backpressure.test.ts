import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type emailLogs, eventInbox } from "../../../src/core/db/schema.js";
import { EventDispatcher } from "../../../src/core/events/dispatcher.js";
import { createLogger } from "../../../src/core/logger.js";
import {
  countDueUnclaimed,
  insertLogOnce,
} from "../../../src/modules/notifications/outbox/email-logs-repo.js";
import { createTestApp, createTestClinic, eventually, type TestApp } from "../../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe("waking dispatchers", () => {
  it("a stored event wakes a listening dispatcher through the NOTIFY its insert carries, without a poll", async () => {
    const { clinicId } = await createTestClinic(t.app);
    // Polls once an hour: only the notification can bring the event in within the deadline.
    let ticks = 0;
    const dispatcher = new EventDispatcher(
      { database: t.app.database, bus: t.app.bus, clock: t.app.clock, logger: createLogger("silent") },
      {
        pollMs: 3_600_000,
        holdBack: async () => {
          ticks++;
          return false;
        },
      },
    );
    await dispatcher.start();
    try {
      // The first tick has run (and found nothing): the loop is asleep when the event arrives.
      await eventually(async () => expect(ticks).toBeGreaterThanOrEqual(1));
      const { eventId } = await t.app.bus.publish("patient.created", {
        clinic_id: clinicId,
        patient_id: randomUUID(),
        patient_email: "woken@example.com",
        patient_name: "Wanda Despierta",
      });
      await eventually(async () => {
        const [row] = await t.app.database.db.select().from(eventInbox).where(eq(eventInbox.id, eventId));
        expect(row!.status).toBe("done");
      }, 5000);
    } finally {
      await dispatcher.stop();
    }
  });
});

describe("backpressure between events and the outbox", () => {
  it("counts due emails not in a worker's hands, up to a cap", async () => {
    const { clinicId } = await createTestClinic(t.app);
    const db = t.app.database.db;
    const now = new Date();
    const before = await countDueUnclaimed(db, now, 100);
    const row = (nextAttemptAt: Date, extra: Partial<typeof emailLogs.$inferInsert> = {}) =>
      insertLogOnce(db, {
        clinicId,
        recipientEmail: "due@example.com",
        templateKey: "welcome",
        notificationType: "welcome",
        status: "pending",
        nextAttemptAt,
        ...extra,
      });
    await row(new Date(now.getTime() - 1000));
    await row(new Date(now.getTime() - 1000));
    await row(new Date(now.getTime() - 1000), {
      leaseOwner: "w",
      leaseExpiresAt: new Date(now.getTime() + 60_000),
    });
    await row(new Date(now.getTime() + 3600_000));
    await row(new Date(now.getTime() - 1000), { status: "sent" });

    expect((await countDueUnclaimed(db, now, 100)) - before).toBe(2);
    expect(await countDueUnclaimed(db, now, 1)).toBe(1);
  });

  it("a dispatcher that is held back leaves events stored, and handles them once released", async () => {
    const { clinicId } = await createTestClinic(t.app);
    let held = true;
    let asked = 0;
    const dispatcher = new EventDispatcher(
      { database: t.app.database, bus: t.app.bus, clock: t.app.clock, logger: createLogger("silent") },
      {
        pollMs: 20,
        holdBackMs: 5,
        holdBack: async () => {
          asked++;
          return held;
        },
      },
    );
    const { eventId } = await t.app.bus.publish("patient.created", {
      clinic_id: clinicId,
      patient_id: randomUUID(),
      patient_email: "held@example.com",
      patient_name: "Hugo Retenido",
    });
    const status = async () =>
      (await t.app.database.db.select().from(eventInbox).where(eq(eventInbox.id, eventId)))[0]!.status;
    await dispatcher.start();
    try {
      await eventually(async () => expect(asked).toBeGreaterThanOrEqual(3));
      expect(await status()).toBe("pending");
      held = false;
      await eventually(async () => expect(await status()).toBe("done"));
    } finally {
      await dispatcher.stop();
    }
  });
});
