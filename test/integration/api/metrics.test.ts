import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { emailSuppressions, webhookDeliveries, webhookEndpoints } from "../../../src/core/db/schema.js";
import { insertPatient } from "../../../src/modules/directory/patients-repo.js";
import { saveClinicSettings } from "../../../src/modules/notifications/settings/settings-repo.js";
import { createTestClinic, pointClinicAtSink } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type Exposition, parseExposition } from "../../support/prometheus-text.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

const TOKEN = "metrics-token-0123456789abcdef";
// The app's clock starts at the real time: the database stamps created_at with its own now().
const clock = new ManualClock(new Date());
let sink: SmtpSink;
let receiver: Server;
let receiverUrl: string;
const greylisted = new Set<string>();

const { t, http } = serveTestApp({ clock, env: { METRICS_TOKEN: TOKEN } });

beforeAll(async () => {
  sink = await startSmtpSink({
    respond: ({ rcpt }) => {
      // A policy refusal: permanent, but not the address bouncing.
      if (rcpt.startsWith("refused")) return { code: 550, message: "5.7.1 Message refused by policy" };
      if (rcpt.startsWith("gone")) return { code: 550, message: "5.1.1 No such user here" };
      if (rcpt.startsWith("greylisted") && !greylisted.has(rcpt)) {
        greylisted.add(rcpt);
        return { code: 451, message: "4.7.1 Greylisted, try again later" };
      }
      return null;
    },
  });
  // A platform's webhook receiver: /ok takes every delivery, /down answers 500.
  receiver = createServer((req, res) => {
    req.resume();
    req.on("end", () => res.writeHead(req.url === "/ok" ? 204 : 500).end());
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await sink?.close();
  await new Promise((resolve) => receiver?.close(resolve));
});

async function scrape(): Promise<Exposition> {
  const res = await http.request("GET", "/metrics", { token: TOKEN });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
  return parseExposition(res.text);
}

/** Runs the worker until nothing is due now (the clock does not move by itself). */
async function work(): Promise<void> {
  for (let i = 0; i < 20; i++) if ((await t.app.worker.runOnce()) === 0) return;
  throw new Error("the worker did not drain");
}

describe("GET /metrics", () => {
  it("asks for the token: 401 without it or with another, 200 with it", async () => {
    const none = await http.request("GET", "/metrics");
    expect(none.status).toBe(401);
    expect(none.body.code).toBe("unauthorized");
    expect(none.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect((await http.request("GET", "/metrics", { token: `${TOKEN}x` })).status).toBe(401);
    expect((await http.request("GET", "/metrics", { token: TOKEN })).status).toBe(200);
  });

  it("counts what the worker did with the emails it sent through a real SMTP server", async () => {
    const { clinicId } = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, clinicId, sink.port);
    const start = new Date(clock.now().getTime() + 3 * 86_400_000).toISOString();
    const queue = (notificationType: string, toEmail: string) =>
      t.app.notifications.sendNotification({
        clinicId,
        notificationType,
        toEmail,
        context: { patient_name: "Ana", start_time: start, professional_name: "Dr. Ortega" },
        wait: false,
      });
    const recipients = [
      "ok-1@example.com",
      "ok-2@example.com",
      "ok-3@example.com",
      "refused@example.com",
      "gone@example.com",
    ];
    for (const to of recipients) {
      await queue("appointment_confirmation", to);
    }
    await queue("appointment_confirmation", "greylisted@example.com");
    // Queued while the type was on, switched off before the worker took it: skipped at send time.
    await queue("appointment_cancelled", "ok-4@example.com");
    await saveClinicSettings(t.app.database.db, clinicId, {
      appointment_cancelled: { enabled: false, auto_send: true },
    });

    await work();
    // The greylisted email's retry falls due once its backoff (1 s base, jittered) has passed.
    clock.advance(5_000);
    await work();
    await sink.waitFor(4);

    const m = await scrape();
    const outcome = (type: string, o: string) =>
      m.value("dentalpin_email_outcomes_total", { type, outcome: o });
    expect(outcome("appointment_confirmation", "sent")).toBe(4);
    expect(outcome("appointment_confirmation", "failed")).toBe(2);
    expect(outcome("appointment_confirmation", "retry")).toBe(1);
    expect(outcome("appointment_cancelled", "skipped")).toBe(1);
    // Every call to the SMTP server is timed: 4 accepted, the two 550s and the 451 refused.
    expect(m.types.get("dentalpin_email_send_duration_seconds")).toBe("histogram");
    expect(m.value("dentalpin_email_send_duration_seconds_count", { result: "accepted" })).toBe(4);
    expect(m.value("dentalpin_email_send_duration_seconds_count", { result: "refused" })).toBe(3);
    expect(m.value("dentalpin_email_send_duration_seconds_bucket", { result: "accepted", le: "+Inf" })).toBe(
      4,
    );
    expect(m.value("dentalpin_email_send_duration_seconds_sum", { result: "accepted" })).toBeGreaterThan(0);
    expect(m.value("dentalpin_emails_last_hour", { status: "sent" })).toBe(4);
    expect(m.value("dentalpin_emails_last_hour", { status: "failed" })).toBe(2);
    // The 5.1.1 refusal was a bounce: counted, and its address listed (the 5.7.1 one was not).
    expect(m.value("dentalpin_email_bounces_total")).toBe(1);
    expect(m.value("dentalpin_email_suppressions", { reason: "bounce" })).toBe(1);
    expect(m.value("dentalpin_emails_last_hour", { status: "skipped" })).toBe(1);
    expect(m.value("dentalpin_emails_last_hour", { status: "pending" })).toBe(0);
    expect(m.value("dentalpin_outbox_due_emails")).toBe(0);
    expect(m.value("dentalpin_outbox_oldest_due_age_seconds")).toBe(0);
  });

  it("reads what waits from the tables: due emails, events, webhook deliveries, and suppressions", async () => {
    const { clinicId } = await createTestClinic(t.app);
    const db = t.app.database.db;
    await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "appointment_confirmation",
      toEmail: "later@example.com",
      context: {
        patient_name: "Ana",
        start_time: new Date(clock.now().getTime() + 5 * 86_400_000).toISOString(),
      },
      wait: false,
    });
    await t.app.bus.publish("patient.created", {
      clinic_id: clinicId,
      patient_id: randomUUID(),
      patient_email: "nuevo@example.com",
      patient_name: "Nuevo Paciente",
    });
    // Webhooks and suppressions as their own code would leave them: rows in their tables.
    const [endpoint] = await db
      .insert(webhookEndpoints)
      .values({ clinicId, url: "https://hooks.example/x", secretEncrypted: "x" })
      .returning();
    await db.insert(webhookDeliveries).values(
      [1, 2].map((n) => ({
        endpointId: endpoint!.id,
        clinicId,
        eventType: "email.sent",
        eventKey: `k-${n}`,
        messageId: `msg_${n}`,
        payload: {},
        nextAttemptAt: clock.now(),
      })),
    );
    await db.insert(emailSuppressions).values([
      { clinicId, email: "lost@example.com", reason: "bounce", smtpReply: "550 5.1.1 user unknown" },
      { clinicId, email: "asked@example.com", reason: "manual" },
      { clinicId, email: "lost-too@example.com", reason: "bounce" },
    ]);
    // Ten minutes pass and nothing is processed: everything has waited that long.
    clock.advance(600_000);

    const m = await scrape();
    expect(m.value("dentalpin_outbox_due_emails")).toBe(1);
    expect(m.value("dentalpin_inbox_due_events")).toBe(1);
    expect(m.value("dentalpin_webhook_outbox_due_deliveries")).toBe(2);
    for (const age of [
      "dentalpin_outbox_oldest_due_age_seconds",
      "dentalpin_inbox_oldest_due_age_seconds",
      "dentalpin_webhook_outbox_oldest_due_age_seconds",
    ]) {
      expect(m.value(age)).toBeGreaterThanOrEqual(600);
      expect(m.value(age)).toBeLessThan(660);
    }
    expect(m.value("dentalpin_emails_last_hour", { status: "pending" })).toBe(1);
    // Read from the table, whoever wrote the rows: these two and the first test's bounce.
    expect(m.value("dentalpin_email_suppressions", { reason: "bounce" })).toBe(3);
    expect(m.value("dentalpin_email_suppressions", { reason: "manual" })).toBe(1);
    // Rows written by hand are no bounce this process recorded.
    expect(m.value("dentalpin_email_bounces_total")).toBe(1);
    expect(m.value("dentalpin_webhook_deliveries_total", { outcome: "failed" })).toBe(0);
    // No clinic, patient or address is ever a label.
    const labelValues = m.samples.flatMap((s) => Object.values(s.labels)).join(" ");
    expect(labelValues).not.toContain(clinicId);
    expect(labelValues).not.toContain("@");
  });

  it("counts webhook attempts by outcome as the webhook worker records them", async () => {
    const { clinicId } = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, clinicId, sink.port);
    for (const path of ["/ok", "/down"]) {
      await t.app.webhooks.endpoints.create(clinicId, {
        url: `${receiverUrl}${path}`,
        eventTypes: ["email.sent"],
      });
    }
    // Facts are reported about patients: the email goes to one.
    const patient = await insertPatient(t.app.database.db, {
      clinicId,
      firstName: "Ana",
      lastName: "García",
      email: "hooked@example.com",
    });
    const before = await scrape();
    const sent = await t.app.notifications.sendNotification({
      clinicId,
      notificationType: "appointment_confirmation",
      toEmail: patient.email!,
      patientId: patient.id,
      context: {
        patient_name: "Ana",
        start_time: new Date(clock.now().getTime() + 86_400_000).toISOString(),
      },
    });
    expect(sent.status).toBe("sent");
    // email.sent, once per endpoint (and the earlier test's two rows, whose secret no key opens).
    while ((await t.app.webhooks.worker.runOnce()) > 0);
    const after = await scrape();
    const delta = (outcome: string) =>
      after.value("dentalpin_webhook_deliveries_total", { outcome })! -
      before.value("dentalpin_webhook_deliveries_total", { outcome })!;
    expect(delta("delivered")).toBe(1);
    expect(delta("retry")).toBe(1);
  });
});
