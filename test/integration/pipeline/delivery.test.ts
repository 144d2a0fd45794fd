import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { savePreferences } from "../../../src/modules/notifications/settings/preferences-repo.js";
import { saveClinicSettings } from "../../../src/modules/notifications/settings/settings-repo.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  pointClinicAtSink,
  type TestApp,
} from "../../support/app.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let t: TestApp;
let sink: SmtpSink;
const clock = new ManualClock(new Date("2026-11-25T09:00:00Z"));
const seen = new Map<string, number>();

beforeAll(async () => {
  t = await createTestApp({ clock });
  sink = await startSmtpSink({
    respond: ({ rcpt }) => {
      const n = (seen.get(rcpt) ?? 0) + 1;
      seen.set(rcpt, n);
      if (rcpt.startsWith("greylisted") && n <= 2)
        return { code: 451, message: "4.7.1 Greylisted, try again later" };
      if (rcpt.startsWith("nobody")) return { code: 550, message: "5.1.1 No such user here" };
      return null;
    },
  });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

const logById = async (id: string) =>
  (await t.app.database.db.select().from(emailLogs).where(eq(emailLogs.id, id)))[0]!;

async function setup() {
  const c = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, c.clinicId, sink.port);
  return c;
}

describe("sending through the outbox", () => {
  it("a direct sendNotification call waits for the send and returns the seed's result", async () => {
    const { clinicId } = await setup();
    const to = `direct-${randomUUID().slice(0, 6)}@example.com`;
    const result = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "appointment_confirmation",
      toEmail: to,
      context: { patient_name: "Ana", start_time: "2026-12-01T09:30:00Z", professional_name: "Dr. Ortega" },
    });
    expect(result).toMatchObject({ isSuccess: true, status: "sent", errorMessage: null });
    expect(result.messageId).toBeTruthy();
    const log = await logById(result.logId);
    expect(log.subject).toBeTruthy();
    expect(log.bodyHtml).toContain("Dr. Ortega");
    // The clinic's timezone (Madrid, UTC+1 in December) and the email's locale.
    expect(log.bodyHtml).toContain("martes, 1 de diciembre de 2026");
    expect(log.bodyHtml).toContain("10:30");
  });

  it("retries a 451 greylisting reply with backoff until it is sent", async () => {
    const { clinicId } = await setup();
    const to = `greylisted-${randomUUID().slice(0, 6)}@example.com`;
    const r = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "welcome",
      toEmail: to,
      forceSend: true,
      context: { patient_name: "Leo" },
    });
    expect(r.status).toBe("pending");
    let log = await logById(r.logId);
    expect(log).toMatchObject({ status: "pending", attempts: 1 });
    expect(log.errorMessage).toMatch(/451|later|temporar/i);
    expect(log.nextAttemptAt!.getTime()).toBeGreaterThan(clock.now().getTime());
    // Not due yet: the worker leaves it alone.
    expect(await t.app.worker.runOnce()).toBe(0);
    clock.advance(60_000);
    await drain(t.app);
    log = await logById(r.logId);
    expect(log.attempts).toBe(2);
    clock.advance(10 * 60_000);
    await drain(t.app);
    log = await logById(r.logId);
    expect(log).toMatchObject({ status: "sent", attempts: 3 });
    expect(seen.get(to)).toBe(3);
  });

  it("fails a 550 at once, after one attempt, and a retry puts it back to pending with attempts kept", async () => {
    const { clinicId } = await setup();
    const to = `nobody-${randomUUID().slice(0, 6)}@example.com`;
    const r = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "welcome",
      toEmail: to,
      forceSend: true,
    });
    expect(r).toMatchObject({ isSuccess: false, status: "failed" });
    expect(r.errorMessage).toMatch(/550|no such user|recipient/i);
    expect(await logById(r.logId)).toMatchObject({ status: "failed", attempts: 1 });
    const { retryFailed } = await import("../../../src/modules/notifications/outbox/email-logs-repo.js");
    const again = await retryFailed(t.app.database.db, clinicId, r.logId, clock.now());
    expect(again).toMatchObject({ status: "pending", attempts: 1 });
    await drain(t.app);
    expect(await logById(r.logId)).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("logs skipped sends with the seed's exact reasons", async () => {
    const { clinicId } = await setup();
    const db = t.app.database.db;
    const patientId = randomUUID();
    await t.app.bus.publish("patient.created", {
      clinic_id: clinicId,
      patient_id: patientId,
      patient_email: "skip@example.com",
      patient_name: "Sara Skip",
    });
    await drain(t.app);
    const send = (notificationType: string, manual = false) =>
      t.app.notifications.sendNotification({
        clinicId,
        notificationType,
        toEmail: "skip@example.com",
        patientId,
        manual,
      });

    // welcome is manual by default: the event's welcome was skipped.
    const [welcome] = await db.select().from(emailLogs).where(eq(emailLogs.patientId, patientId));
    expect(welcome).toMatchObject({
      status: "skipped",
      errorMessage: "manual_send_required",
      triggeredByEvent: "patient.created",
    });

    await saveClinicSettings(db, clinicId, { budget_accepted: { enabled: false, auto_send: true } });
    expect((await send("budget_accepted")).errorMessage).toBe("disabled_at_clinic_level");

    await savePreferences(db, clinicId, {
      patientId,
      emailEnabled: true,
      preferences: { appointment_reminder: false },
      preferredLocale: "es",
    });
    expect((await send("appointment_reminder")).errorMessage).toBe(
      "patient_opted_out_of_appointment_reminder",
    );
    expect((await send("appointment_confirmation")).status).toBe("sent");

    await savePreferences(db, clinicId, {
      patientId,
      emailEnabled: false,
      preferences: {},
      preferredLocale: "es",
    });
    const optedOut = await send("welcome", true);
    expect(optedOut).toMatchObject({
      isSuccess: false,
      status: "skipped",
      errorMessage: "patient_opted_out",
    });
  });

  it("re-checks preferences when a queued email falls due", async () => {
    const { clinicId } = await setup();
    const patientId = randomUUID();
    await t.app.bus.publish("patient.created", {
      clinic_id: clinicId,
      patient_id: patientId,
      patient_email: "later@example.com",
      patient_name: "Luis Later",
    });
    await drain(t.app);
    const r = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "appointment_reminder",
      toEmail: "later@example.com",
      patientId,
      dueAt: new Date(clock.now().getTime() + 3600_000),
    });
    expect(r.status).toBe("pending");
    await savePreferences(t.app.database.db, clinicId, {
      patientId,
      emailEnabled: true,
      preferences: { appointment_reminder: false },
      preferredLocale: "es",
    });
    clock.advance(2 * 3600_000);
    await drain(t.app);
    expect(await logById(r.logId)).toMatchObject({
      status: "skipped",
      errorMessage: "patient_opted_out_of_appointment_reminder",
    });
  });
});
