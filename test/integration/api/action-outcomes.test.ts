// What became of a staff action's emails: each action that publishes an event answers its
// event id, and the log filters by it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestClinic, drain, pointClinicAtSink, type TestClinic, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let sink: SmtpSink;
let clinic: TestClinic;
let token: string;
let patientId: string;

const logsOf = (eventId: string, as = token) =>
  http.request("GET", `/api/v1/notifications/logs?event_id=${eventId}`, { token: as });

const { t, http } = serveTestApp();

beforeAll(async () => {
  sink = await startSmtpSink();
  clinic = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, clinic.clinicId, sink.port);
  token = await tokenFor(t.app, clinic.clinicId, "admin");
  const p = await http.request("POST", "/api/v1/patients", {
    token,
    body: { first_name: "Olga", last_name: "Outcome", email: "olga@example.com" },
  });
  expect(p.status).toBe(201);
  expect(p.body.data.event_id).toMatch(/^[0-9a-f-]{36}$/);
  patientId = p.body.data.id;
  await drain(t.app);
});
afterAll(async () => {
  await sink?.close();
});

describe("the notifications of an action", () => {
  it("budget sent: no email known before the dispatcher runs, then budget_sent skipped as manual", async () => {
    const b = await http.request("POST", "/api/v1/budgets", {
      token,
      body: { patient_id: patientId, total: "120.00" },
    });
    const sent = await http.request("POST", `/api/v1/budgets/${b.body.data.id}/send`, { token });
    expect(sent.status).toBe(200);
    expect(sent.body.data).toMatchObject({ status: "sent", event_id: expect.any(String) });
    const before = await logsOf(sent.body.data.event_id);
    expect(before.body).toMatchObject({ data: [], total: 0 });
    await drain(t.app);
    const after = await logsOf(sent.body.data.event_id);
    expect(after.body.total).toBe(1);
    expect(after.body.data[0]).toMatchObject({
      notification_type: "budget_sent",
      status: "skipped",
      error_message: "manual_send_required",
      event_id: sent.body.data.event_id,
      budget_id: b.body.data.id,
      patient_id: patientId,
    });
  });

  it("an appointment booked in the past: confirmation and reminder skipped as appointment_in_past", async () => {
    const booked = await http.request("POST", "/api/v1/appointments", {
      token,
      body: {
        patient_id: patientId,
        professional_id: clinic.professionalId,
        start_time: new Date(Date.now() - 24 * 3600_000).toISOString(),
      },
    });
    expect(booked.status).toBe(201);
    await drain(t.app);
    const logs = await logsOf(booked.body.data.event_id);
    expect(
      logs.body.data.map((l: { notification_type: string; status: string; error_message: string }) => [
        l.notification_type,
        l.status,
        l.error_message,
      ]),
    ).toEqual(
      expect.arrayContaining([
        ["appointment_confirmation", "skipped", "appointment_in_past"],
        ["appointment_reminder", "skipped", "appointment_in_past"],
      ]),
    );
    expect(sink.messages.filter((m) => /confirm/i.test(m.subject ?? ""))).toHaveLength(0);
  });

  it("rescheduling and cancelling answer their own event ids; the log of another clinic shows none of them", async () => {
    const booked = await http.request("POST", "/api/v1/appointments", {
      token,
      body: {
        patient_id: patientId,
        professional_id: clinic.professionalId,
        start_time: new Date(Date.now() + 72 * 3600_000).toISOString(),
      },
    });
    const id = booked.body.data.id;
    const moved = await http.request("POST", `/api/v1/appointments/${id}/reschedule`, {
      token,
      body: { start_time: new Date(Date.now() + 96 * 3600_000).toISOString() },
    });
    const cancelled = await http.request("POST", `/api/v1/appointments/${id}/cancel`, { token, body: {} });
    const ids = [booked, moved, cancelled].map((r) => r.body.data.event_id);
    expect(new Set(ids).size).toBe(3);
    await drain(t.app);
    expect((await logsOf(ids[1])).body.data[0]).toMatchObject({
      notification_type: "appointment_confirmation",
      appointment_id: id,
    });
    expect((await logsOf(ids[2])).body.data[0]).toMatchObject({ notification_type: "appointment_cancelled" });
    const other = await createTestClinic(t.app);
    const stranger = await logsOf(ids[2], await tokenFor(t.app, other.clinicId, "admin"));
    expect(stranger.body.total).toBe(0);
    expect((await logsOf("not-a-uuid")).status).toBe(422);
  });
});
