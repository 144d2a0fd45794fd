import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbOrTx } from "../../../src/core/db/client.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { claimDue, insertLogOnce } from "../../../src/modules/notifications/outbox/email-logs-repo.js";
import { GroupedCompletions } from "../../../src/modules/notifications/outbox/outcome-writer.js";
import { createTestApp, createTestClinic, type TestApp } from "../../support/app.js";

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function pendingLogs(clinicId: string, count: number) {
  const now = new Date();
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const { log } = await insertLogOnce(t.app.database.db, {
      clinicId,
      recipientEmail: `c${i}@example.com`,
      templateKey: "welcome",
      notificationType: "welcome",
      status: "pending",
      nextAttemptAt: now,
    });
    ids.push(log.id);
  }
  return ids;
}

const read = async (id: string) =>
  (await t.app.database.db.select().from(emailLogs).where(eq(emailLogs.id, id)))[0]!;

describe("grouped completions (the worker's outcomes)", () => {
  it("writes outcomes that arrive together in one statement, each with exactly its own fields", async () => {
    const { clinicId } = await createTestClinic(t.app);
    const db = t.app.database.db;
    const [a, b, c] = await pendingLogs(clinicId, 3);
    await claimDue(db, {
      owner: "worker-a",
      now: new Date(),
      leaseSeconds: 60,
      limit: 10,
      ids: [a!, b!, c!],
    });
    // b had been rendered by an earlier attempt; c's lease ran out and another worker took it.
    await db.update(emailLogs).set({ subject: "earlier subject" }).where(eq(emailLogs.id, b!));
    await db.update(emailLogs).set({ leaseOwner: "worker-b" }).where(eq(emailLogs.id, c!));

    let statements = 0;
    const counting = new Proxy(db, {
      get(target, prop, receiver) {
        if (prop === "execute") {
          return (...args: Parameters<typeof db.execute>) => {
            statements++;
            return target.execute(...args);
          };
        }
        return Reflect.get(target, prop, receiver);
      },
    }) as DbOrTx;
    const completions = new GroupedCompletions(counting, "worker-a", t.app.clock);
    const sentAt = new Date("2026-11-25T10:00:00Z");
    const held = await Promise.all([
      completions.complete(a!, {
        status: "sent",
        subject: "Hola",
        sentAt,
        providerMessageId: "<m1@x>",
        errorMessage: null,
        nextAttemptAt: null,
      }),
      completions.complete(b!, { status: "skipped", errorMessage: "patient_opted_out", nextAttemptAt: null }),
      completions.complete(c!, { status: "sent", subject: "not mine", sentAt }),
    ]);

    expect(held).toEqual([true, true, false]);
    // The first at once, the two that arrived meanwhile together.
    expect(statements).toBe(2);
    expect(await read(a!)).toMatchObject({
      status: "sent",
      subject: "Hola",
      sentAt,
      providerMessageId: "<m1@x>",
      leaseOwner: null,
      leaseExpiresAt: null,
      nextAttemptAt: null,
    });
    expect(await read(b!)).toMatchObject({
      status: "skipped",
      errorMessage: "patient_opted_out",
      subject: "earlier subject",
      leaseOwner: null,
    });
    expect(await read(c!)).toMatchObject({ status: "pending", leaseOwner: "worker-b", subject: "" });
  });

  it("hands a failed write to every outcome of its group, and goes on with the next group", async () => {
    const { clinicId } = await createTestClinic(t.app);
    const db = t.app.database.db;
    const [a, b] = await pendingLogs(clinicId, 2);
    await claimDue(db, { owner: "worker-a", now: new Date(), leaseSeconds: 60, limit: 10, ids: [a!, b!] });
    const completions = new GroupedCompletions(db, "worker-a", t.app.clock);
    // A time the column cannot read makes the whole statement fail (a stand-in for a
    // dropped connection, which the fault tests cause for real).
    await expect(
      completions.complete(a!, { status: "sent", sentAt: "not a date" as unknown as Date }),
    ).rejects.toThrow();
    expect(await completions.complete(b!, { status: "failed", errorMessage: "550" })).toBe(true);
    expect(await read(a!)).toMatchObject({ status: "pending", leaseOwner: "worker-a" });
    expect(await read(b!)).toMatchObject({ status: "failed", errorMessage: "550" });
  });
});
