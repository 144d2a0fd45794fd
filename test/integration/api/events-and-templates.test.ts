import { randomUUID } from "node:crypto";
import { like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { eventInbox } from "../../../src/core/db/schema.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  type TestApp,
  type TestClinic,
  tokenFor,
} from "../../support/app.js";
import { startTestServer, type TestServer } from "../../support/http.js";

let t: TestApp;
let http: TestServer;
let clinic: TestClinic;
let admin: string;
let service: string;

beforeAll(async () => {
  // The appointments below have fixed dates: the clock stands before them, whatever today is.
  t = await createTestApp({ clock: new ManualClock(new Date("2026-11-25T09:00:00Z")) });
  http = await startTestServer(t.app);
  clinic = await createTestClinic(t.app);
  admin = await tokenFor(t.app, clinic.clinicId, "admin");
  service = await tokenFor(t.app, clinic.clinicId, null, ["notifications.events.publish"]);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});
const N = "/api/v1/notifications";

describe("POST /api/v1/events (sidecar)", () => {
  const event = (key: string, overrides: Record<string, unknown> = {}) => ({
    event: "appointment.scheduled",
    payload: {
      appointment_id: randomUUID(),
      patient_id: randomUUID(),
      patient_email: "side@example.com",
      patient_name: "Sid Car",
      start_time: "2026-12-10T10:00:00+01:00",
      ...overrides,
    },
    idempotency_key: key,
  });

  it("answers 202 once and 200 duplicate after, sending one confirmation", async () => {
    const body = event("evt-1");
    const first = await http.request("POST", "/api/v1/events", { token: service, body });
    expect(first.status).toBe(202);
    expect(first.body.data.duplicate).toBe(false);
    const second = await http.request("POST", "/api/v1/events", { token: service, body });
    expect(second.status).toBe(200);
    expect(second.body.data).toEqual({ event_id: first.body.data.event_id, duplicate: true });
    await drain(t.app);
    const logs = await http.request(
      "GET",
      `${N}/logs?template_key=appointment_confirmation&patient_id=${body.payload.patient_id}`,
      { token: admin },
    );
    expect(logs.body.total).toBe(1);
  });

  it("names the bad payload field, refuses unknown events and another clinic's id in the body", async () => {
    const bad = await http.request("POST", "/api/v1/events", {
      token: service,
      body: event("evt-2", { start_time: "next week" }),
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("payload.start_time");
    const missing = await http.request("POST", "/api/v1/events", {
      token: service,
      body: event("evt-3", { patient_email: undefined }),
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain("payload.patient_email");
    const unknown = await http.request("POST", "/api/v1/events", {
      token: service,
      body: { ...event("evt-4"), event: "tooth.extracted" },
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].field).toBe("event");
    const foreign = await http.request("POST", "/api/v1/events", {
      token: service,
      body: event("evt-5", { clinic_id: randomUUID() }),
    });
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe("payload.clinic_id");
  });

  it("refuses the events this service reports about itself: an email's outcome or a patient's answer cannot be forged", async () => {
    for (const [i, name] of [
      "email.sent",
      "email.failed",
      "email.skipped",
      "patient.unsubscribed",
      "patient.preferences_changed",
      "appointment.confirmed_by_patient",
      "appointment.cancellation_requested",
    ].entries()) {
      const forged = await http.request("POST", "/api/v1/events", {
        token: service,
        body: { ...event(`forged-${i}`), event: name },
      });
      expect(forged.status, name).toBe(422);
      expect(forged.body.errors[0]).toMatchObject({ field: "event", code: "event_not_publishable" });
    }
    const stored = await t.app.database.db
      .select({ id: eventInbox.id })
      .from(eventInbox)
      .where(like(eventInbox.idempotencyKey, "forged-%"));
    expect(stored).toEqual([]);
  });
});

describe("templates over HTTP", () => {
  it("shows the file template as effective, overrides it for the clinic, previews and resets", async () => {
    const eff = await http.request(
      "GET",
      `${N}/templates/effective?template_key=appointment_confirmation&locale=es`,
      { token: admin },
    );
    expect(eff.status).toBe(200);
    expect(eff.body.data).toMatchObject({ source: "file", locale: "es" });

    const created = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: {
        template_key: "appointment_confirmation",
        locale: "es",
        subject: "Cita en {{ clinic_name }}",
        body_html:
          '{% extends "base.html" %}{% block content %}<h1>Hola {{ patient_name | upper }}</h1>{% endblock %}',
      },
    });
    expect(created.status).toBe(201);
    const dup = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: { template_key: "appointment_confirmation", locale: "es", subject: "x", body_html: "y" },
    });
    expect(dup.status).toBe(409);
    const now = await http.request(
      "GET",
      `${N}/templates/effective?template_key=appointment_confirmation&locale=es`,
      { token: admin },
    );
    expect(now.body.data).toMatchObject({ source: "clinic", template_id: created.body.data.id });

    const preview = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      body: {
        template_key: "appointment_confirmation",
        locale: "es",
        context: { patient_name: "<b>Ana</b>" },
      },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.data.source).toBe("clinic");
    expect(preview.body.data.body_html).toContain("&lt;B&gt;ANA&lt;/B&gt;");
    expect(preview.body.data.subject).toContain("Clínica");

    const draft = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      body: {
        template_key: "welcome",
        locale: "es",
        subject: "Hola {{ patient_name }}",
        body_html: "<p>{% for i in [1,2,3] %}{{ loop.index }}{% endfor %}</p>",
      },
    });
    expect(draft.body.data.body_html).toContain("123");

    const del = await http.request("DELETE", `${N}/templates/${created.body.data.id}`, { token: admin });
    expect(del.status).toBe(204);
    const back = await http.request(
      "GET",
      `${N}/templates/effective?template_key=appointment_confirmation&locale=es`,
      { token: admin },
    );
    expect(back.body.data.source).toBe("file");
  });

  it("refuses a template with a syntax error, with its field, line and column", async () => {
    const res = await http.request("POST", `${N}/templates`, {
      token: admin,
      body: {
        template_key: "welcome",
        locale: "es",
        subject: "Hola",
        body_html: "<p>ok</p>\n<p>{% if patient_name %}sin cerrar</p>",
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.errors[0]).toMatchObject({ field: "body_html" });
    expect(res.body.errors[0].line).toBeGreaterThanOrEqual(2);
    expect(res.body.errors[0].column).toBeGreaterThanOrEqual(1);
    const preview = await http.request("POST", `${N}/templates/preview`, {
      token: admin,
      body: { template_key: "welcome", locale: "es", subject: "{{ patient_name | nosuchfilter }}" },
    });
    expect(preview.status).toBe(422);
    expect(preview.body.errors[0]).toMatchObject({ field: "subject", line: 1 });
  });
});

describe("settings and preferences over HTTP", () => {
  it("validates settings and re-plans reminders when hours_before changes", async () => {
    const bad = await http.request("PUT", `${N}/settings`, {
      token: admin,
      body: { settings: { appointment_reminder: { hours_before: 500 }, teeth_whitening: { enabled: true } } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      "settings.appointment_reminder.hours_before",
      "settings.teeth_whitening",
    ]);
    const ok = await http.request("PUT", `${N}/settings`, {
      token: admin,
      body: { settings: { appointment_reminder: { hours_before: 48 }, welcome: { auto_send: true } } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.settings.appointment_reminder).toEqual({
      enabled: true,
      auto_send: true,
      hours_before: 48,
      patient_links: true,
    });
    expect(ok.body.data.settings.welcome.auto_send).toBe(true);
    expect(ok.body.data.settings.budget_sent.auto_send).toBe(false);
  });

  it("reads defaults and saves a patient's preferences", async () => {
    const p = await t.app.directory.createPatient(clinic.clinicId, {
      first_name: "Pref",
      email: "pref@example.com",
      preferred_locale: "en",
    });
    const got = await http.request("GET", `${N}/preferences/patient/${p.id}`, { token: admin });
    expect(got.body.data).toMatchObject({ email_enabled: true, preferred_locale: "en" });
    expect(got.body.data.preferences.appointment_reminder).toBe(true);
    const put = await http.request("PUT", `${N}/preferences/patient/${p.id}`, {
      token: admin,
      body: { preferences: { appointment_reminder: false } },
    });
    expect(put.body.data.preferences).toMatchObject({ appointment_reminder: false, welcome: true });
    const bad = await http.request("PUT", `${N}/preferences/patient/${p.id}`, {
      token: admin,
      body: { preferences: { spam: false } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe("preferences.spam");
    expect(
      (await http.request("GET", `${N}/preferences/patient/${randomUUID()}`, { token: admin })).status,
    ).toBe(404);
  });
});
