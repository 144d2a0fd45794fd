import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { emailLogs, emailSuppressions } from "../../../src/core/db/schema.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  pointClinicAtSink,
  type TestApp,
} from "../../support/app.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

// A real relay that refuses some recipients: each prefix names the reply it gets.
const REPLIES: [prefix: string, code: number, message: string][] = [
  ["gone-", 550, "5.1.1 <{rcpt}>: Recipient address rejected: User unknown"],
  ["relay-", 550, "5.7.1 <{rcpt}>: Relay access denied"],
  ["full-", 552, "5.2.2 Mailbox full"],
];

let t: TestApp;
let rcptSink: SmtpSink;
let dataSink: SmtpSink;
const clock = new ManualClock(new Date("2026-11-25T10:00:00Z")); // 11:00 in Madrid
const attempts = new Map<string, number>();

function respond({ rcpt }: { rcpt: string }) {
  attempts.set(rcpt, (attempts.get(rcpt) ?? 0) + 1);
  const found = REPLIES.find(([prefix]) => rcpt.startsWith(prefix));
  return found ? { code: found[1], message: found[2].replace("{rcpt}", rcpt) } : null;
}

beforeAll(async () => {
  t = await createTestApp({ clock });
  rcptSink = await startSmtpSink({ respond });
  // Some servers take the message first and refuse the recipient after it.
  dataSink = await startSmtpSink({ respond, respondAt: "data" });
});
afterAll(async () => {
  await t?.close();
  await rcptSink?.close();
  await dataSink?.close();
});

async function clinicWithPatient(sink: SmtpSink, prefix: string) {
  const { clinicId, professionalId } = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, clinicId, sink.port);
  const email = `${prefix}${randomUUID().slice(0, 8)}@example.com`;
  const patient = await t.app.directory.createPatient(clinicId, { first_name: "Bea", email });
  await drain(t.app);
  return { clinicId, professionalId, patientId: patient.id, email };
}

/** budget_accepted goes at once (no sending window) and automatically. */
const send = (c: { clinicId: string; patientId: string; email: string }) =>
  t.app.notifications.sendNotification({
    clinicId: c.clinicId,
    notificationType: "budget_accepted",
    toEmail: c.email,
    patientId: c.patientId,
    context: { budget_number: "P-1", total: "100.00" },
  });

const suppressionsOf = (clinicId: string) =>
  t.app.database.db.select().from(emailSuppressions).where(eq(emailSuppressions.clinicId, clinicId));

describe("a relay that answers 550 5.1.1 at RCPT TO", () => {
  it("fails the first email with the reply, lists the address, and skips the next one without talking SMTP", async () => {
    const c = await clinicWithPatient(rcptSink, "gone-");
    const first = await send(c);
    expect(first).toMatchObject({ isSuccess: false, status: "failed" });
    expect(first.errorMessage).toMatch(/550 5\.1\.1/);
    expect(await suppressionsOf(c.clinicId)).toEqual([
      expect.objectContaining({
        email: c.email,
        reason: "bounce",
        smtpReply: `550 5.1.1 <${c.email}>: Recipient address rejected: User unknown`,
        patientId: c.patientId,
        emailLogId: first.logId,
      }),
    ]);

    const connections = rcptSink.connections;
    const tried = attempts.get(c.email);
    const second = await send(c);
    expect(second).toMatchObject({ isSuccess: false, status: "skipped", errorMessage: "email_bouncing" });
    expect(attempts.get(c.email)).toBe(tried);
    expect(rcptSink.connections).toBe(connections);
  });

  it("skips at delivery an email queued before its address bounced", async () => {
    const c = await clinicWithPatient(rcptSink, "gone-");
    // Booked today for next week: the reminder waits, pending, for six days.
    await t.app.directory.scheduleAppointment(c.clinicId, {
      patient_id: c.patientId,
      professional_id: c.professionalId,
      start_time: new Date(clock.now().getTime() + 7 * 86400_000).toISOString(),
    });
    await drain(t.app);
    const reminderOf = async () =>
      (
        await t.app.database.db
          .select()
          .from(emailLogs)
          .where(
            and(eq(emailLogs.clinicId, c.clinicId), eq(emailLogs.notificationType, "appointment_reminder")),
          )
      )[0]!;
    expect(await reminderOf()).toMatchObject({ status: "pending" });
    const confirmation = (
      await t.app.database.db
        .select()
        .from(emailLogs)
        .where(
          and(eq(emailLogs.clinicId, c.clinicId), eq(emailLogs.notificationType, "appointment_confirmation")),
        )
    )[0]!;
    expect(confirmation).toMatchObject({ status: "failed" });

    const tried = attempts.get(c.email);
    clock.advance(7 * 86400_000);
    await drain(t.app);
    expect(await reminderOf()).toMatchObject({
      status: "skipped",
      errorMessage: "email_bouncing",
      attempts: 1,
    });
    expect(attempts.get(c.email)).toBe(tried);
  });

  it("does not list the address for a relay refusal (5.7.1) nor a full mailbox (5.2.2)", async () => {
    for (const prefix of ["relay-", "full-"]) {
      const c = await clinicWithPatient(rcptSink, prefix);
      const first = await send(c);
      expect(first).toMatchObject({ status: "failed" });
      expect(await suppressionsOf(c.clinicId)).toEqual([]);
      // The next email is tried again: it is not the patient's address that is wrong.
      const tried = attempts.get(c.email)!;
      await send(c);
      expect(attempts.get(c.email)).toBe(tried + 1);
    }
  });
});

describe("a relay that refuses the recipient after DATA (550 5.1.1)", () => {
  it("lists the address too, and the next email is skipped", async () => {
    const c = await clinicWithPatient(dataSink, "gone-");
    const first = await send(c);
    expect(first).toMatchObject({ status: "failed" });
    expect(await suppressionsOf(c.clinicId)).toEqual([
      expect.objectContaining({ email: c.email, reason: "bounce", emailLogId: first.logId }),
    ]);
    const tried = attempts.get(c.email);
    expect(await send(c)).toMatchObject({ status: "skipped", errorMessage: "email_bouncing" });
    expect(attempts.get(c.email)).toBe(tried);
  });
});

describe("one address bouncing twice in one delivery batch", () => {
  it("is listed once, and all three emails fail", async () => {
    const c = await clinicWithPatient(rcptSink, "gone-");
    const queued = await Promise.all(
      [1, 2, 3].map((n) =>
        t.app.notifications.sendNotification({
          clinicId: c.clinicId,
          notificationType: "budget_accepted",
          toEmail: c.email,
          patientId: c.patientId,
          dedupeKey: `batch-${n}`,
          wait: false,
        }),
      ),
    );
    expect(queued.map((q) => q.status)).toEqual(["pending", "pending", "pending"]);
    await drain(t.app);
    const rows = await t.app.database.db
      .select()
      .from(emailLogs)
      .where(and(eq(emailLogs.clinicId, c.clinicId), eq(emailLogs.notificationType, "budget_accepted")));
    // Claimed together, all three were tried; none is pending any more.
    expect(rows.map((r) => r.status).sort()).toEqual(["failed", "failed", "failed"]);
    expect(await suppressionsOf(c.clinicId)).toHaveLength(1);
  });
});
