import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { msUntilNextDue } from "../../../src/core/db/next-due.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { createLogger } from "../../../src/core/logger.js";
import { EmailWorker } from "../../../src/modules/notifications/delivery/worker.js";
import { insertLogOnce, wakeWorkers } from "../../../src/modules/notifications/outbox/index.js";
import { moveReminder } from "../../../src/modules/notifications/outbox/reminders-repo.js";
import { createTestApp, createTestClinic, eventually, type TestApp } from "../../support/app.js";

// An idle worker does not poll every second: it sleeps until the earliest pending email falls
// due, and writers that store or move one wake it (NOTIFY) so it reads that time again.
let t: TestApp;
let clinicId: string;

class CountingWorker extends EmailWorker {
  ticks = 0;
  override async runOnce(): Promise<number> {
    this.ticks++;
    return super.runOnce();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  ({ clinicId } = await createTestClinic(t.app));
});
afterAll(async () => {
  await t?.close();
});

const pending = (nextAttemptAt: Date, extra: Partial<typeof emailLogs.$inferInsert> = {}) =>
  insertLogOnce(t.app.database.db, {
    clinicId,
    recipientEmail: "later@example.com",
    templateKey: "welcome",
    notificationType: "welcome",
    status: "pending",
    // No clinic or patient decision: what is measured is when the worker takes it.
    forceSend: true,
    context: { patient_name: "Lara Tarde", clinic_name: "Clínica" },
    nextAttemptAt,
    ...extra,
  }).then((r) => r.log);

const statusOf = async (id: string) =>
  (await t.app.database.db.select().from(emailLogs).where(eq(emailLogs.id, id)))[0]!.status;

describe("when the next email falls due", () => {
  it("is the earliest pending row not in a worker's hands; none: null", async () => {
    const db = t.app.database.db;
    const now = new Date();
    expect(await msUntilNextDue(db, emailLogs, emailLogs, now)).toBeNull();
    await pending(new Date(now.getTime() + 90_000));
    await pending(new Date(now.getTime() + 30_000), {
      leaseOwner: "another-worker",
      leaseExpiresAt: new Date(now.getTime() + 60_000),
    });
    await pending(new Date(now.getTime() + 10_000), { status: "sent" });
    await pending(new Date(now.getTime() + 3600_000));
    expect(await msUntilNextDue(db, emailLogs, emailLogs, now)).toBe(90_000);
    // A lease that ran out counts again (its worker died).
    expect(await msUntilNextDue(db, emailLogs, emailLogs, new Date(now.getTime() + 61_000))).toBe(-31_000);
    await db.update(emailLogs).set({ status: "skipped" }).where(eq(emailLogs.clinicId, clinicId));
  });

  it("an idle worker sends a stored email when it falls due, and one moved earlier when it moves", async () => {
    // Polls at most once a minute: only the due time it read, or a wake-up, brings it in time.
    const worker = new CountingWorker(
      {
        database: t.app.database,
        delivery: t.app.delivery,
        clock: t.app.clock,
        logger: createLogger("silent"),
      },
      { concurrency: 2, leaseSeconds: 60, pollMs: 200, idleMs: 60_000 },
    );
    await worker.start();
    try {
      await eventually(async () => expect(worker.ticks).toBeGreaterThanOrEqual(1));
      const stored = Date.now();
      const ticksBefore = worker.ticks;
      const log = await pending(new Date(stored + 1500));
      await wakeWorkers(t.app.database.db);
      await eventually(async () => expect(await statusOf(log.id)).toBe("sent"), 8000);
      expect(Date.now() - stored).toBeGreaterThanOrEqual(1400);
      // Woken by the insert, then once more at the due time: no poll every 200 ms meanwhile.
      expect(worker.ticks - ticksBefore).toBeLessThanOrEqual(3);

      // A reminder planned for tomorrow, then moved to now: the move wakes the worker.
      const reminder = await pending(new Date(Date.now() + 86_400_000), {
        notificationType: "appointment_reminder",
        templateKey: "appointment_reminder",
      });
      await new Promise((r) => setTimeout(r, 300));
      const moved = Date.now();
      await moveReminder(
        t.app.database.db,
        clinicId,
        reminder.id,
        {
          appointmentStartAt: new Date(moved + 86_400_000),
          dedupeKey: `moved-${reminder.id}`,
          context: {
            patient_name: "Lara Tarde",
            clinic_name: "Clínica",
            start_time: new Date(moved + 86_400_000).toISOString(),
          },
          dueAt: new Date(moved),
          skip: null,
        },
        new Date(moved),
      );
      // Asleep until tomorrow's due time (or a minute): only the move's wake-up sends it now.
      await eventually(async () => expect(await statusOf(reminder.id)).toBe("sent"), 5000);
    } finally {
      await worker.stop();
    }
  });
});
