import { createHmac, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type App, createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { ManualClock } from "../../../src/core/clock.js";
import { eventInbox, webhookDeliveries, webhookEndpoints } from "../../../src/core/db/schema.js";
import { createLogger } from "../../../src/core/logger.js";
import { createClinic } from "../../../src/modules/directory/clinics-repo.js";
import { insertPatient } from "../../../src/modules/directory/patients-repo.js";
import { drain, TEST_SECRET, tokenFor } from "../../support/app.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";
import { startTestServer, type TestServer } from "../../support/http.js";
import { startWebhookReceiver, type WebhookReceiver } from "../../support/webhook-receiver.js";

/** Everything the app logs, as text: a secret must never be in it. */
let logText = "";
let db: TestDatabase;
let app: App;
let http: TestServer;
let receiver: WebhookReceiver;
const clock = new ManualClock(new Date("2027-03-01T09:00:00Z"));
const W = "/api/v1/notifications/webhooks";
const SW = "/api/v1/notifications/system-webhooks";

async function makeApp(env: Record<string, string>, database: TestDatabase["database"]) {
  const config = loadConfig({
    SECRET_KEY: TEST_SECRET,
    LOG_LEVEL: "debug",
    EMAIL_PROVIDER: "console",
    PUBLIC_URL: "http://127.0.0.1:8000",
    WEBHOOK_RETRY_BASE_SECONDS: "10",
    WEBHOOK_MAX_ATTEMPTS: "3",
    WEBHOOK_TIMEOUT_SECONDS: "5",
    ...env,
  });
  const sink = new Writable({
    write(chunk, _enc, done) {
      logText += chunk.toString();
      done();
    },
  });
  return createApp(config, {
    database,
    migrate: false,
    clock,
    logger: createLogger(config.logLevel, sink),
    consoleOutput: { write: () => true },
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  app = await makeApp({ SMTP_ALLOW_PRIVATE_HOSTS: "true" }, db.database);
  http = await startTestServer(app);
  receiver = await startWebhookReceiver();
});
// What an earlier test left due is delivered before the next one scripts the receiver.
beforeEach(async () => {
  await deliverDue();
});
afterAll(async () => {
  await http?.close();
  await app?.close();
  await receiver?.close();
  await db?.close();
});

async function newClinic() {
  const clinic = await createClinic(app.database.db, {
    name: `Clínica ${randomUUID().slice(0, 6)}`,
    timezone: "Europe/Madrid",
    defaultLocale: "es",
  });
  const patient = await insertPatient(app.database.db, {
    clinicId: clinic.id,
    firstName: "Ana",
    lastName: "García",
    email: `ana-${randomUUID().slice(0, 6)}@example.com`,
  });
  return { clinicId: clinic.id, patient, admin: await tokenFor(app, clinic.id, "admin") };
}

async function addEndpoint(token: string, body: Record<string, unknown> = {}) {
  const res = await http.request("POST", W, { token, body: { url: receiver.url, ...body } });
  expect(res.status).toBe(201);
  return res.body.data as { id: string; secret: string };
}

/** A welcome email, sent now through the console provider. */
function sendWelcome(c: Awaited<ReturnType<typeof newClinic>>, extra: Record<string, unknown> = {}) {
  return app.notifications.sendNotification({
    clinicId: c.clinicId,
    notificationType: "welcome",
    patientId: c.patient.id,
    toEmail: c.patient.email,
    toName: "Ana García",
    forceSend: true,
    ...extra,
  });
}

const deliveriesOf = (endpointId: string) =>
  app.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));

/** Runs the webhook worker until nothing is due now. */
async function deliverDue() {
  for (let i = 0; i < 20; i++) if ((await app.webhooks.worker.runOnce()) === 0) return;
  throw new Error("webhook deliveries did not drain");
}

/** Standard Webhooks' verification, written here from the spec with node:crypto alone. */
function verify(secret: string, h: Record<string, unknown>, body: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key)
    .update(`${h["webhook-id"]}.${h["webhook-timestamp"]}.${body}`)
    .digest("base64");
  return String(h["webhook-signature"])
    .split(" ")
    .some((s) => s === `v1,${expected}`);
}

describe("webhook endpoints", () => {
  it("shows the secret once, at creation and rotation, and never again", async () => {
    const c = await newClinic();
    const created = await addEndpoint(c.admin, { description: "CRM", event_types: ["email.sent"] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), "base64")).toHaveLength(32);

    const list = await http.request("GET", W, { token: c.admin });
    const one = await http.request("GET", `${W}/${created.id}`, { token: c.admin });
    const patched = await http.request("PATCH", `${W}/${created.id}`, {
      token: c.admin,
      body: { enabled: false },
    });
    expect(patched.body.data).toMatchObject({
      enabled: false,
      event_types: ["email.sent"],
      description: "CRM",
    });
    for (const res of [list, one, patched]) {
      expect(res.text).not.toContain(created.secret);
      expect(res.text).not.toContain("secret");
    }
    const [row] = await app.database.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.id, created.id));
    expect(row!.secretEncrypted).not.toContain(created.secret.slice(6));
    expect(app.cipher.decryptPassword(row!.secretEncrypted)).toBe(created.secret);

    const rotated = await http.request("POST", `${W}/${created.id}/rotate-secret`, { token: c.admin });
    expect(rotated.body.data.secret).toMatch(/^whsec_/);
    expect(rotated.body.data.secret).not.toBe(created.secret);
    expect(logText).not.toContain(created.secret);
    expect(logText).not.toContain(rotated.body.data.secret);
  });

  it("needs notifications.webhooks.manage: an admin has it, a receptionist does not", async () => {
    const c = await newClinic();
    const receptionist = await tokenFor(app, c.clinicId, "receptionist");
    expect((await http.request("GET", W, { token: receptionist })).status).toBe(403);
    expect((await http.request("GET", W, { token: c.admin })).status).toBe(200);
    expect((await http.request("GET", SW, { token: c.admin })).status).toBe(401);
  });

  it("refuses a URL that is not https, has credentials, or points at a metadata service", async () => {
    const c = await newClinic();
    for (const url of [
      "ftp://example.com/x",
      "https://user:pw@example.com/x",
      "http://169.254.169.254/latest",
    ]) {
      const res = await http.request("POST", W, { token: c.admin, body: { url } });
      expect(res.status, url).toBe(422);
      expect(res.body.errors[0].field).toBe("url");
    }
    const bad = await http.request("POST", W, { token: c.admin, body: { url: "not a url" } });
    expect(bad.status).toBe(422);
    const unknownEvent = await http.request("POST", W, {
      token: c.admin,
      body: { url: receiver.url, event_types: ["email.opened"] },
    });
    expect(unknownEvent.status).toBe(422);
    expect(unknownEvent.body.errors[0].field).toMatch(/^event_types/);
  });
});

describe("delivery", () => {
  it("signs each delivery the Standard Webhooks way: email.sent reaches the receiver", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin);
    const before = receiver.received.length;
    const result = await sendWelcome(c);
    expect(result.status).toBe("sent");
    await deliverDue();
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const [hook] = got;
    expect(hook!.json.type).toBe("email.sent");
    expect(hook!.json.data).toMatchObject({
      clinic_id: c.clinicId,
      patient_id: c.patient.id,
      email_log_id: result.logId,
      notification_type: "welcome",
      status: "sent",
      reason: null,
      attempts: 1,
    });
    expect(hook!.headers["webhook-id"]).toMatch(/^msg_/);
    expect(Number(hook!.headers["webhook-timestamp"])).toBe(Math.floor(clock.now().getTime() / 1000));
    expect(verify(ep.secret, hook!.headers, hook!.body)).toBe(true);
    expect(verify(ep.secret, hook!.headers, `${hook!.body} `)).toBe(false);
    const [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200 });
  });

  it("reports a skipped email with its reason, to the endpoints that subscribed to it only", async () => {
    const c = await newClinic();
    const skippedOnly = await addEndpoint(c.admin, { event_types: ["email.skipped"] });
    const sentOnly = await addEndpoint(c.admin, { event_types: ["email.sent"] });
    await sendWelcome(c, { forceSend: false, skipReason: "patient_opted_out" });
    expect(await deliveriesOf(skippedOnly.id)).toHaveLength(1);
    expect(await deliveriesOf(sentOnly.id)).toHaveLength(0);
    const [row] = await deliveriesOf(skippedOnly.id);
    expect((row!.payload as { data: { reason: string } }).data.reason).toBe("patient_opted_out");
  });

  it("retries with backoff when the receiver answers 500, then delivers with the same webhook-id", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin);
    receiver.answer(500);
    const before = receiver.received.length;
    await sendWelcome(c);
    await deliverDue();
    let [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    // A short, plain-text excerpt of the answer (the HTML and the control character are gone).
    expect(row!.lastError).toBe("HTTP 500: oops status 500");
    const wait = row!.nextAttemptAt.getTime() - clock.now().getTime();
    expect(wait).toBeGreaterThanOrEqual(8_000); // base 10 s, ±20 %
    expect(wait).toBeLessThanOrEqual(12_000);
    await deliverDue();
    expect(receiver.received.length - before).toBe(1); // not due yet
    clock.advance(wait);
    await deliverDue();
    [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 200 });
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(2);
    expect(got[1]!.headers["webhook-id"]).toBe(got[0]!.headers["webhook-id"]);
  });

  it("retries when the receiver is down (connection refused), and delivers once it is back", async () => {
    const down = await startWebhookReceiver();
    const port = down.port;
    await down.close();
    const c = await newClinic();
    const ep = await addEndpoint(c.admin, { url: `http://127.0.0.1:${port}/hooks` });
    await sendWelcome(c);
    await deliverDue();
    let [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(row!.lastError).toMatch(/ECONNREFUSED/);
    const back = await startWebhookReceiver(port);
    try {
      clock.advance(row!.nextAttemptAt.getTime() - clock.now().getTime());
      await deliverDue();
      [row] = await deliveriesOf(ep.id);
      expect(row).toMatchObject({ status: "delivered", attempts: 2 });
      expect(back.received).toHaveLength(1);
    } finally {
      await back.close();
    }
  });

  it("gives up after WEBHOOK_MAX_ATTEMPTS; resend delivers it again; 410 Gone disables the endpoint", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin);
    receiver.answer(503, 503, 503);
    await sendWelcome(c);
    for (let i = 0; i < 3; i++) {
      await deliverDue();
      const [r] = await deliveriesOf(ep.id);
      if (r!.status === "pending") clock.advance(r!.nextAttemptAt.getTime() - clock.now().getTime());
    }
    let [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "failed", attempts: 3, lastStatusCode: 503 });

    const resent = await http.request("POST", `${W}/deliveries/${row!.id}/resend`, { token: c.admin });
    expect(resent.status).toBe(200);
    expect(resent.body.data.status).toBe("pending");
    const again = await http.request("POST", `${W}/deliveries/${row!.id}/resend`, { token: c.admin });
    expect(again.status).toBe(409);
    await deliverDue();
    [row] = await deliveriesOf(ep.id);
    expect(row).toMatchObject({ status: "delivered", attempts: 4 });

    receiver.answer(410);
    await sendWelcome(c, { dedupeKey: "second" });
    await deliverDue();
    const rows = await deliveriesOf(ep.id);
    expect(rows.find((r) => r.id !== row!.id)).toMatchObject({ status: "failed", lastStatusCode: 410 });
    const endpoint = await http.request("GET", `${W}/${ep.id}`, { token: c.admin });
    expect(endpoint.body.data.enabled).toBe(false);
  });

  it("writes one delivery per endpoint for the same fact reported twice", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin);
    const sent = await sendWelcome(c);
    const [first] = await deliveriesOf(ep.id);
    // The same fact again (a replay): its key is already stored for this endpoint.
    await app.database.db.transaction((tx) =>
      app.webhooks.fanOut.write(tx, [
        {
          name: "email.sent",
          clinicId: c.clinicId,
          key: first!.eventKey,
          payload: { clinic_id: c.clinicId },
          occurredAt: clock.now(),
        },
      ]),
    );
    const rows = await deliveriesOf(ep.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.eventKey).toBe(`email_log:${sent.logId}:sent:1`);
  });

  it("answers a test event with what the receiver said, signed with the endpoint's secret", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin);
    const before = receiver.received.length;
    const ok = await http.request("POST", `${W}/${ep.id}/test`, { token: c.admin });
    expect(ok.body.data).toEqual({
      success: true,
      code: "accepted",
      status_code: 200,
      excerpt: "ok",
      message: "HTTP 200: ok",
    });
    const [hook] = receiver.received.slice(before);
    expect(hook!.json.type).toBe("webhook.test");
    expect(verify(ep.secret, hook!.headers, hook!.body)).toBe(true);
    receiver.answer(500);
    const bad = await http.request("POST", `${W}/${ep.id}/test`, { token: c.admin });
    expect(bad.body.data).toMatchObject({ success: false, code: "rejected", status_code: 500 });
  });
});

describe("skipped reminders", () => {
  it("reports a reminder skipped by a move too late, and one skipped by a cancellation", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin, { event_types: ["email.skipped"] });
    const appointment = (id: string, start: string) => ({
      clinic_id: c.clinicId,
      patient_id: c.patient.id,
      patient_email: c.patient.email,
      patient_name: "Ana García",
      appointment_id: id,
      start_time: start,
    });
    const reasons = async () =>
      (await deliveriesOf(ep.id))
        .map((d) => (d.payload as { data: { notification_type: string; reason: string } }).data)
        .filter((d) => d.notification_type === "appointment_reminder")
        .map((d) => d.reason);

    const moved = randomUUID();
    await app.bus.publish("appointment.scheduled", appointment(moved, "2027-03-05T10:00:00+01:00"));
    await drain(app);
    expect(await reasons()).toEqual([]);
    await app.bus.publish("appointment.rescheduled", appointment(moved, "2027-03-01T11:00:00+01:00"));
    await drain(app);
    expect(await reasons()).toEqual(["too_late"]);

    const cancelled = randomUUID();
    await app.bus.publish("appointment.scheduled", appointment(cancelled, "2027-03-06T10:00:00+01:00"));
    await drain(app);
    await app.bus.publish("appointment.cancelled", appointment(cancelled, "2027-03-06T10:00:00+01:00"));
    await drain(app);
    expect((await reasons()).sort()).toEqual(["appointment_cancelled", "too_late"]);

    // Reminders 1 h before: one for an appointment in 90 min waits. Back to 24 h before, it
    // would be due already with too little time left (under 2 h), so the re-plan skips it.
    const hours = (h: number) =>
      http.request("PUT", "/api/v1/notifications/settings", {
        token: c.admin,
        body: { settings: { appointment_reminder: { hours_before: h } } },
      });
    expect((await hours(1)).status).toBe(200);
    await app.bus.publish("appointment.scheduled", appointment(randomUUID(), "2027-03-01T11:30:00+01:00"));
    await drain(app);
    expect((await hours(24)).status).toBe(200);
    await drain(app);
    expect((await reasons()).sort()).toEqual(["appointment_cancelled", "too_late", "too_late"]);
  });
});

describe("facts from patients and handlers in process", () => {
  it("delivers patient.unsubscribed and patient.preferences_changed when a patient unsubscribes", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin, {
      event_types: ["patient.unsubscribed", "patient.preferences_changed"],
    });
    const token = await app.tokens.signPatientLink(c.clinicId, c.patient.id, 3600);
    const res = await http.request("POST", `/p/unsubscribe/${token}`, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(res.status).toBe(200);
    const rows = await deliveriesOf(ep.id);
    expect(rows.map((r) => r.eventType).sort()).toEqual([
      "patient.preferences_changed",
      "patient.unsubscribed",
    ]);
    const unsubscribed = rows.find((r) => r.eventType === "patient.unsubscribed")!;
    expect((unsubscribed.payload as { data: unknown }).data).toMatchObject({
      patient_id: c.patient.id,
      patient_email: c.patient.email,
      email_enabled: false,
      changed_by: "patient",
      via: "one_click",
    });
    // Unsubscribing again changes nothing: nothing new is reported.
    await http.request("POST", `/p/unsubscribe/${token}`, {
      rawBody: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(await deliveriesOf(ep.id)).toHaveLength(2);
  });

  it("delivers the patients' answers from the event bus, once per event", async () => {
    const c = await newClinic();
    const ep = await addEndpoint(c.admin, { event_types: ["appointment.confirmed_by_patient"] });
    const payload = {
      clinic_id: c.clinicId,
      patient_id: c.patient.id,
      patient_email: c.patient.email,
      patient_name: "Ana García",
      appointment_id: randomUUID(),
      start_time: "2027-03-10T10:00:00+01:00",
      responded_at: "2027-03-01T09:00:00.000Z",
      response: "confirmed",
    };
    await app.bus.publish("appointment.confirmed_by_patient", payload, { idempotencyKey: "answer-1" });
    await app.bus.publish("appointment.confirmed_by_patient", payload, { idempotencyKey: "answer-1" });
    await drain(app);
    const rows = await deliveriesOf(ep.id);
    expect(rows).toHaveLength(1);
    expect((rows[0]!.payload as { data: unknown }).data).toMatchObject({ response: "confirmed" });
  });

  it("hands email.sent to a TypeScript handler registered with bus.on", async () => {
    const c = await newClinic();
    const heard: Record<string, unknown>[] = [];
    app.bus.on("email.sent", async (event) => {
      if (event.clinicId === c.clinicId) heard.push(event.payload);
    });
    const sent = await sendWelcome(c);
    await drain(app);
    expect(heard).toHaveLength(1);
    expect(heard[0]).toMatchObject({ email_log_id: sent.logId, status: "sent", patient_id: c.patient.id });
  });
});

describe("scoping", () => {
  it("a clinic never sees, changes or resends another clinic's endpoints and deliveries", async () => {
    const a = await newClinic();
    const b = await newClinic();
    const ep = await addEndpoint(a.admin);
    await sendWelcome(a);
    const [delivery] = await deliveriesOf(ep.id);
    expect((await http.request("GET", W, { token: b.admin })).body.data).toEqual([]);
    expect((await http.request("GET", `${W}/${ep.id}`, { token: b.admin })).status).toBe(404);
    expect(
      (await http.request("PATCH", `${W}/${ep.id}`, { token: b.admin, body: { enabled: false } })).status,
    ).toBe(404);
    expect((await http.request("POST", `${W}/${ep.id}/rotate-secret`, { token: b.admin })).status).toBe(404);
    expect((await http.request("POST", `${W}/${ep.id}/test`, { token: b.admin })).status).toBe(404);
    expect((await http.request("DELETE", `${W}/${ep.id}`, { token: b.admin })).status).toBe(404);
    expect((await http.request("GET", `${W}/deliveries`, { token: b.admin })).body.total).toBe(0);
    expect(
      (await http.request("POST", `${W}/deliveries/${delivery!.id}/resend`, { token: b.admin })).status,
    ).toBe(404);
    const mine = await http.request("GET", `${W}/deliveries?endpoint_id=${ep.id}`, { token: a.admin });
    expect(mine.body.data.map((d: { id: string }) => d.id)).toEqual([delivery!.id]);
    // b's emails never reach a's endpoint.
    await sendWelcome(b);
    expect(await deliveriesOf(ep.id)).toHaveLength(1);
  });

  it("an installation endpoint hears every clinic; clinics do not see it nor its deliveries", async () => {
    const a = await newClinic();
    const operator = await app.tokens.signInstallation({
      permissions: ["notifications.system_webhooks.write"],
      ttlSeconds: 600,
    });
    const created = await http.request("POST", SW, {
      token: operator,
      body: { url: receiver.url, event_types: ["email.sent"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.data.scope).toBe("installation");
    try {
      await sendWelcome(a);
      const [row] = await deliveriesOf(created.body.data.id);
      expect(row).toMatchObject({ clinicId: a.clinicId, eventType: "email.sent" });
      const list = await http.request("GET", `${SW}/deliveries`, { token: operator });
      expect(list.body.data.map((d: { id: string }) => d.id)).toContain(row!.id);
      expect((await http.request("GET", W, { token: a.admin })).body.data).toEqual([]);
      expect((await http.request("GET", `${W}/deliveries`, { token: a.admin })).body.total).toBe(0);
      expect((await http.request("GET", `${W}/${created.body.data.id}`, { token: a.admin })).status).toBe(
        404,
      );
      expect(
        (await http.request("POST", `${W}/deliveries/${row!.id}/resend`, { token: a.admin })).status,
      ).toBe(404);
    } finally {
      await http.request("DELETE", `${SW}/${created.body.data.id}`, { token: operator });
    }
  });
});

describe("when nobody listens", () => {
  it("a clinic with no endpoint and no handler gets no deliveries and no reported events", async () => {
    const c = await newClinic();
    await sendWelcome(c, { forceSend: false, skipReason: "patient_opted_out" });
    const rows = await app.database.db
      .select()
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.clinicId, c.clinicId));
    expect(rows).toEqual([]);
    const events = await app.database.db.select().from(eventInbox).where(eq(eventInbox.clinicId, c.clinicId));
    expect(events.filter((e) => e.eventName.startsWith("email."))).toEqual([]);
  });
});

describe("the SSRF guard where private hosts are not allowed", () => {
  it("refuses http, loopback and private addresses at save, and at send", async () => {
    const strict = await makeApp({ SMTP_ALLOW_PRIVATE_HOSTS: "false" }, db.database);
    const server = await startTestServer(strict);
    try {
      const c = await newClinic();
      const admin = await tokenFor(strict, c.clinicId, "admin");
      for (const url of [receiver.url, "https://127.0.0.1/hooks", "https://10.1.2.3/x", "https://[::1]/x"]) {
        const res = await server.request("POST", W, { token: admin, body: { url } });
        expect(res.status, url).toBe(422);
        expect(res.body.code).toBe("webhook_url_refused");
        expect(res.body.errors[0]).toMatchObject({ field: "url", code: "webhook_url_refused" });
      }
      // Saved where it was allowed, delivered where it is not: refused at send, nothing sent.
      const ep = await addEndpoint(c.admin);
      const before = receiver.received.length;
      await sendWelcome(c);
      await strict.webhooks.worker.runOnce();
      const [row] = await deliveriesOf(ep.id);
      expect(row).toMatchObject({ status: "failed", attempts: 1 });
      expect(row!.lastError).toBe("the URL must start with https://");
      expect(receiver.received.length).toBe(before);
    } finally {
      await server.close();
      await strict.close();
    }
  });
});
