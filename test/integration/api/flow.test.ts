import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "../../../src/core/auth/passwords.js";
import { createUser } from "../../../src/modules/directory/users-repo.js";
import { createTestClinic, drain, eventually, type TestClinic } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let sink: SmtpSink;
let clinic: TestClinic;
let token: string;

const { t, http } = serveTestApp();

beforeAll(async () => {
  sink = await startSmtpSink({ auth: { user: "clinic", pass: "app-password" } });
  clinic = await createTestClinic(t.app);
  await createUser(t.app.database.db, {
    clinicId: clinic.clinicId,
    email: "Admin@Flow.example",
    passwordHash: await hashPassword("a-long-password"),
    role: "admin",
  });
});
afterAll(async () => {
  await sink?.close();
});

describe("a clinic's day, over HTTP", () => {
  it("logs in (email case-insensitive) and refuses a wrong password with the same answer as an unknown email", async () => {
    const ok = await http.request("POST", "/api/v1/auth/login", {
      body: { email: "admin@flow.example", password: "a-long-password" },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.data.user).toMatchObject({ role: "admin", clinic_id: clinic.clinicId });
    expect(ok.body.data.user.permissions).toContain("notifications.settings.write");
    token = ok.body.data.token;
    const wrong = await http.request("POST", "/api/v1/auth/login", {
      body: { email: "admin@flow.example", password: "nope" },
    });
    const unknown = await http.request("POST", "/api/v1/auth/login", {
      body: { email: "who@flow.example", password: "nope" },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.headers.get("content-type")).toContain("application/problem+json");
    const me = await http.request("GET", "/api/v1/auth/me", { token });
    expect(me.body.data.clinic.id).toBe(clinic.clinicId);
  });

  it("configures SMTP, never shows the password, keeps it when omitted, and tests it against a real server", async () => {
    const put = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: {
        provider: "smtp",
        host: "127.0.0.1",
        port: sink.port,
        username: "clinic",
        password: "app-password",
        use_tls: false,
        use_ssl: false,
        from_email: "citas@flow.example",
        from_name: "Clínica Flow",
      },
    });
    expect(put.status).toBe(200);
    expect(put.body.data).toMatchObject({ has_password: true, is_verified: false, host: "127.0.0.1" });
    expect(put.text).not.toContain("app-password");
    expect(put.body.data).not.toHaveProperty("password");
    expect(put.body.data).not.toHaveProperty("password_encrypted");

    const keep = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: {
        ...put.body.data,
        password: undefined,
        has_password: undefined,
        configured: undefined,
        is_verified: undefined,
        last_verified_at: undefined,
      },
    });
    expect(keep.status).toBe(200);
    expect(keep.body.data.has_password).toBe(true);

    const tested = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token,
      body: { to_email: "owner@flow.example" },
    });
    expect(tested.status).toBe(200);
    expect(tested.body.data).toMatchObject({ success: true, step: null });
    await eventually(async () =>
      expect(sink.messages.some((m) => m.envelope.rcptTo.includes("owner@flow.example"))).toBe(true),
    );
    const got = await http.request("GET", "/api/v1/notifications/smtp-settings", { token });
    expect(got.body.data.is_verified).toBe(true);
    expect(got.body.data.last_verified_at).toBeTruthy();

    const badPassword = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token,
      body: {
        to_email: "owner@flow.example",
        host: "127.0.0.1",
        port: sink.port,
        username: "clinic",
        password: "wrong",
        use_tls: false,
        use_ssl: false,
        from_email: "citas@flow.example",
      },
    });
    expect(badPassword.status).toBe(200);
    expect(badPassword.body.data).toMatchObject({ success: false, step: "auth", smtp_code: 535 });
    expect(badPassword.body.data.message).toMatch(/password/i);

    const refused = await http.request("POST", "/api/v1/notifications/smtp-settings/test", {
      token,
      body: {
        to_email: "owner@flow.example",
        host: "127.0.0.1",
        port: 1,
        use_tls: false,
        use_ssl: false,
        from_email: "citas@flow.example",
      },
    });
    expect(refused.status).toBe(200);
    expect(refused.body.data).toMatchObject({ success: false, step: "connect" });
  });

  it("validates SMTP settings, naming each bad field", async () => {
    const res = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: {
        provider: "smtp",
        host: "smtp.example.com",
        port: 70000,
        use_tls: true,
        use_ssl: true,
        from_email: "nope",
      },
    });
    expect(res.status).toBe(422);
    const fields = res.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["port", "from_email"]));
    const both = await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: {
        provider: "smtp",
        host: "smtp.example.com",
        port: 465,
        use_tls: true,
        use_ssl: true,
        from_email: "a@b.example",
      },
    });
    expect(both.status).toBe(422);
    expect(both.body.errors[0].field).toBe("use_ssl");
  });

  it("creates a patient (welcome is manual by default), sends the welcome by hand, and finds it sent in the log", async () => {
    const created = await http.request("POST", "/api/v1/patients", {
      token,
      body: { first_name: "María", last_name: "García", email: "maria@flow.example", preferred_locale: "es" },
    });
    expect(created.status).toBe(201);
    const patientId = created.body.data.id;
    await drain(t.app);
    const before = await http.request("GET", `/api/v1/notifications/logs?patient_id=${patientId}`, { token });
    expect(before.body.data).toHaveLength(1);
    expect(before.body.data[0]).toMatchObject({
      notification_type: "welcome",
      status: "skipped",
      error_message: "manual_send_required",
    });

    const sent = await http.request("POST", "/api/v1/notifications/send", {
      token,
      body: { notification_type: "welcome", patient_id: patientId },
    });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toMatchObject({ success: true });
    await eventually(async () =>
      expect(sink.messages.some((m) => m.envelope.rcptTo.includes("maria@flow.example"))).toBe(true),
    );
    const log = await http.request("GET", `/api/v1/notifications/logs/${sent.body.data.log_id}`, { token });
    expect(log.body.data).toMatchObject({
      status: "sent",
      notification_type: "welcome",
      triggered_by_event: "manual",
    });
    expect(log.body.data.body_html).toContain("María");
  });

  it("schedules, reschedules and cancels an appointment, each with its email", async () => {
    const patient = await http.request("POST", "/api/v1/patients", {
      token,
      body: { first_name: "Pedro", last_name: "Ruiz", email: "pedro@flow.example" },
    });
    const start = new Date(Date.now() + 4 * 86400_000);
    const appt = await http.request("POST", "/api/v1/appointments", {
      token,
      body: {
        patient_id: patient.body.data.id,
        professional_id: clinic.professionalId,
        start_time: start.toISOString(),
        reason: "Revisión",
      },
    });
    expect(appt.status).toBe(201);
    const id = appt.body.data.id;
    const moved = await http.request("POST", `/api/v1/appointments/${id}/reschedule`, {
      token,
      body: { start_time: new Date(start.getTime() + 86400_000).toISOString() },
    });
    expect(moved.status).toBe(200);
    const cancelled = await http.request("POST", `/api/v1/appointments/${id}/cancel`, {
      token,
      body: { reason: "Enfermedad" },
    });
    expect(cancelled.body.data).toMatchObject({ status: "cancelled", cancel_reason: "Enfermedad" });
    const again = await http.request("POST", `/api/v1/appointments/${id}/cancel`, { token, body: {} });
    expect(again.status).toBe(409);
    await drain(t.app);
    const logs = await http.request(
      "GET",
      `/api/v1/notifications/logs?patient_id=${patient.body.data.id}&page_size=50`,
      { token },
    );
    const byType = (type: string) =>
      logs.body.data.filter((l: { notification_type: string }) => l.notification_type === type);
    expect(byType("appointment_confirmation").map((l: { status: string }) => l.status)).toEqual([
      "sent",
      "sent",
    ]);
    expect(byType("appointment_cancelled")[0].status).toBe("sent");
    expect(byType("appointment_reminder")[0]).toMatchObject({
      status: "skipped",
      error_message: "appointment_cancelled",
    });
  });

  it("creates, sends and accepts a budget, numbered by the server", async () => {
    const patient = await http.request("POST", "/api/v1/patients", {
      token,
      body: { first_name: "Lola", email: "lola@flow.example" },
    });
    const b = await http.request("POST", "/api/v1/budgets", {
      token,
      body: {
        patient_id: patient.body.data.id,
        total: "1250.00",
        items: [{ description: "Implante", quantity: 1, unit_price: "1250.00" }],
      },
    });
    expect(b.status).toBe(201);
    expect(b.body.data.budget_number).toMatch(/^P-\d{4}-0001$/);
    expect(
      (await http.request("POST", `/api/v1/budgets/${b.body.data.id}/send`, { token })).body.data.status,
    ).toBe("sent");
    expect(
      (await http.request("POST", `/api/v1/budgets/${b.body.data.id}/accept`, { token })).body.data.status,
    ).toBe("accepted");
    await drain(t.app);
    const logs = await http.request("GET", `/api/v1/notifications/logs?patient_id=${patient.body.data.id}`, {
      token,
    });
    const types = Object.fromEntries(
      logs.body.data.map((l: { notification_type: string; status: string; error_message: string }) => [
        l.notification_type,
        l.error_message ?? l.status,
      ]),
    );
    expect(types).toMatchObject({ budget_sent: "manual_send_required", budget_accepted: "sent" });
    const manual = await http.request("POST", "/api/v1/notifications/send", {
      token,
      body: { notification_type: "budget_sent", patient_id: patient.body.data.id, budget_id: b.body.data.id },
    });
    expect(manual.body.data.success).toBe(true);
  });

  it("POST /test with the saved settings says at which step a failing server stopped", async () => {
    const saved = await http.request("GET", "/api/v1/notifications/smtp-settings", { token });
    const {
      configured: _c,
      has_password: _h,
      is_verified: _v,
      last_verified_at: _l,
      ...settings
    } = saved.body.data;
    await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: { ...settings, port: 1 },
    });
    const res = await http.request("POST", "/api/v1/notifications/test", {
      token,
      body: { to_email: "owner@flow.example" },
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ success: false, step: "connect" });
    const log = await http.request("GET", `/api/v1/notifications/logs/${res.body.data.log_id}`, { token });
    expect(log.body.data.status).toBe("failed");
    await http.request("PUT", "/api/v1/notifications/smtp-settings", {
      token,
      body: { ...settings, password: "app-password" },
    });
  });

  it("serves health, readiness and the OpenAPI document", async () => {
    expect((await http.request("GET", "/healthz")).status).toBe(200);
    expect((await http.request("GET", "/readyz")).body).toMatchObject({ status: "ready" });
    const doc = await http.request("GET", "/docs/json");
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/api/v1/notifications/smtp-settings", "/api/v1/events"]),
    );
  });
});
