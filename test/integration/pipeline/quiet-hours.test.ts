// The clinic's sending window: reminders and welcome emails planned in the quiet hours wait
// for the window (or go at its close before an early appointment); confirmations go at once.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { createTestClinic, drain, pointClinicAtSink, tokenFor } from "../../support/app.js";
import { serveTestApp } from "../../support/http.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let sink: SmtpSink;
// Wednesday 25 November 2026, 10:00 in Madrid (UTC+1).
const clock = new ManualClock(new Date("2026-11-25T09:00:00Z"));
const SETTINGS = "/api/v1/notifications/settings";

const { t, http } = serveTestApp({ clock });

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

async function clinic(settings: Record<string, unknown> = {}) {
  const c = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, c.clinicId, sink.port);
  const token = await tokenFor(t.app, c.clinicId, "admin");
  if (Object.keys(settings).length) {
    const res = await http.request("PUT", SETTINGS, { token, body: settings });
    expect(res.status).toBe(200);
  }
  return { ...c, token };
}

/** Books an appointment starting at `start` (ISO with offset) and returns its emails' log rows. */
async function book(c: { clinicId: string; token: string }, start: string) {
  const patient = {
    clinic_id: c.clinicId,
    patient_id: randomUUID(),
    patient_email: `q-${randomUUID().slice(0, 8)}@example.com`,
    patient_name: "Quique Quieto",
  };
  await t.app.bus.publish("appointment.scheduled", {
    ...patient,
    appointment_id: randomUUID(),
    start_time: new Date(start).toISOString(),
  });
  await drain(t.app);
  return { patient, emails: () => logsOf(c, patient.patient_id) };
}

async function logsOf(c: { token: string }, patientId: string) {
  const res = await http.request("GET", `/api/v1/notifications/logs?patient_id=${patientId}`, {
    token: c.token,
  });
  type Row = {
    notification_type: string;
    status: string;
    next_attempt_at: string | null;
    schedule_note: string | null;
  };
  return Object.fromEntries((res.body.data as Row[]).map((l) => [l.notification_type, l]));
}

describe("the sending window (default 08:00–21:00 on the clinic's clock)", () => {
  it("answers the window with the settings, and a reminder inside it is not moved", async () => {
    const c = await clinic();
    const got = await http.request("GET", SETTINGS, { token: c.token });
    expect(got.body.data.send_window).toEqual({ start: "08:00", end: "21:00" });
    // Friday 10:00 → the reminder at Thursday 10:00.
    const { emails } = await book(c, "2026-11-27T10:00:00+01:00");
    expect((await emails()).appointment_reminder).toMatchObject({
      status: "pending",
      next_attempt_at: "2026-11-26T09:00:00.000Z",
      schedule_note: null,
    });
  });

  it("moves a reminder due at 07:30 to the window's opening at 08:00, and sends it then", async () => {
    const c = await clinic();
    const { emails, patient } = await book(c, "2026-11-28T07:30:00+01:00");
    expect((await emails()).appointment_reminder).toMatchObject({
      status: "pending",
      next_attempt_at: "2026-11-27T07:00:00.000Z", // Friday 08:00 in Madrid
      schedule_note: "quiet_hours",
    });
    const to = patient.patient_email;
    const received = () => sink.messages.filter((m) => m.envelope.rcptTo.includes(to)).length;
    const confirmationOnly = received();
    clock.set(new Date("2026-11-27T06:59:00Z"));
    await drain(t.app);
    expect(received()).toBe(confirmationOnly);
    clock.set(new Date("2026-11-27T07:00:00Z"));
    await drain(t.app);
    expect((await emails()).appointment_reminder?.status).toBe("sent");
    expect(received()).toBe(confirmationOnly + 1);
    clock.set(new Date("2026-11-25T09:00:00Z"));
  });

  it("goes at the previous evening's close when the window opens only after an early appointment", async () => {
    const c = await clinic({ settings: { appointment_reminder: { hours_before: 2 } } });
    // 07:30 on Thursday: start − 2 h is 05:30, and 08:00 is after the visit → Wednesday 21:00.
    const { emails } = await book(c, "2026-11-26T07:30:00+01:00");
    expect((await emails()).appointment_reminder).toMatchObject({
      next_attempt_at: "2026-11-25T20:00:00.000Z",
      schedule_note: "quiet_hours_previous_close",
    });
  });

  it("sends a confirmation booked at night at once, while a welcome email waits for the morning", async () => {
    const c = await clinic({ settings: { welcome: { auto_send: true } } });
    clock.set(new Date("2026-11-25T22:30:00Z")); // 23:30 in Madrid
    try {
      const { emails, patient } = await book(c, "2026-11-30T10:00:00+01:00");
      expect((await emails()).appointment_confirmation).toMatchObject({
        status: "sent",
        schedule_note: null,
      });
      await t.app.bus.publish("patient.created", { ...patient, patient_id: randomUUID() });
      await drain(t.app);
      const welcome = await http.request("GET", "/api/v1/notifications/logs?template_key=welcome", {
        token: c.token,
      });
      expect(welcome.body.data[0]).toMatchObject({
        status: "pending",
        next_attempt_at: "2026-11-26T07:00:00.000Z",
        schedule_note: "quiet_hours",
      });
    } finally {
      clock.set(new Date("2026-11-25T09:00:00Z"));
    }
  });

  it("a type of one's own waits for the window when registered with quietHours", async () => {
    t.app.registerNotificationType({
      key: "recall_due",
      defaults: { enabled: true, auto_send: true },
      event: "recall.due",
      quietHours: true,
    });
    const c = await clinic();
    clock.set(new Date("2026-11-25T05:00:00Z")); // 06:00 in Madrid
    try {
      const patientId = randomUUID();
      await t.app.bus.publish("recall.due", {
        clinic_id: c.clinicId,
        patient_id: patientId,
        patient_email: `r-${randomUUID().slice(0, 8)}@example.com`,
        patient_name: "Rita Revisión",
      });
      await drain(t.app);
      expect((await logsOf(c, patientId)).recall_due).toMatchObject({
        status: "pending",
        next_attempt_at: "2026-11-25T07:00:00.000Z",
        schedule_note: "quiet_hours",
      });
    } finally {
      clock.set(new Date("2026-11-25T09:00:00Z"));
    }
  });

  it("a window changed in the settings re-plans pending reminders; no window means no quiet hours", async () => {
    const c = await clinic();
    const { emails } = await book(c, "2026-11-28T07:30:00+01:00");
    expect((await emails()).appointment_reminder?.schedule_note).toBe("quiet_hours");

    const off = await http.request("PUT", SETTINGS, {
      token: c.token,
      body: { send_window: { start: null, end: null } },
    });
    expect(off.body.data.send_window).toEqual({ start: null, end: null });
    expect((await emails()).appointment_reminder).toMatchObject({
      next_attempt_at: "2026-11-27T06:30:00.000Z", // back at start − 24 h
      schedule_note: null,
    });

    await http.request("PUT", SETTINGS, {
      token: c.token,
      body: { send_window: { start: "09:00", end: "18:00" } },
    });
    expect((await emails()).appointment_reminder).toMatchObject({
      next_attempt_at: "2026-11-27T08:00:00.000Z", // Friday 09:00 in Madrid
      schedule_note: "quiet_hours",
    });
    const got = await http.request("GET", SETTINGS, { token: c.token });
    expect(got.body.data.send_window).toEqual({ start: "09:00", end: "18:00" });
  });

  it("a window changed in the settings moves a welcome email waiting for it: at once when open, else to the new opening", async () => {
    const c = await clinic({ settings: { welcome: { auto_send: true } } });
    clock.set(new Date("2026-11-25T21:30:00Z")); // 22:30 in Madrid, after the window's close
    try {
      const patientId = randomUUID();
      await t.app.bus.publish("patient.created", {
        clinic_id: c.clinicId,
        patient_id: patientId,
        patient_email: `w-${randomUUID().slice(0, 8)}@example.com`,
        patient_name: "Wenceslao Espera",
      });
      await drain(t.app);
      expect((await logsOf(c, patientId)).welcome).toMatchObject({
        status: "pending",
        next_attempt_at: "2026-11-26T07:00:00.000Z",
        schedule_note: "quiet_hours",
      });

      // Opened until 23:00: it is inside the window now, so it goes at once.
      await http.request("PUT", SETTINGS, {
        token: c.token,
        body: { send_window: { start: "08:00", end: "23:00" } },
      });
      expect((await logsOf(c, patientId)).welcome).toMatchObject({
        status: "pending",
        next_attempt_at: "2026-11-25T21:30:00.000Z",
        schedule_note: null,
      });

      // Narrowed to 09:00–18:00 before the worker took it: it waits for the new opening.
      await http.request("PUT", SETTINGS, {
        token: c.token,
        body: { send_window: { start: "09:00", end: "18:00" } },
      });
      expect((await logsOf(c, patientId)).welcome).toMatchObject({
        status: "pending",
        next_attempt_at: "2026-11-26T08:00:00.000Z",
        schedule_note: "quiet_hours",
      });

      // No window: at once, and it is sent.
      await http.request("PUT", SETTINGS, {
        token: c.token,
        body: { send_window: { start: null, end: null } },
      });
      await drain(t.app);
      expect((await logsOf(c, patientId)).welcome).toMatchObject({ status: "sent", schedule_note: null });
    } finally {
      clock.set(new Date("2026-11-25T09:00:00Z"));
    }
  });

  it("refuses a window that is not HH:MM, ends before it starts, or has one end only, naming the field", async () => {
    const c = await clinic();
    const put = (send_window: unknown) =>
      http.request("PUT", SETTINGS, { token: c.token, body: { send_window } });
    const cases: [unknown, string][] = [
      [{ start: "8:00", end: "21:00" }, "send_window.start"],
      [{ start: "08:00", end: "24:00" }, "send_window.end"],
      [{ start: "21:00", end: "08:00" }, "send_window.end"],
      [{ start: "08:00", end: "08:00" }, "send_window.end"],
      [{ start: "08:00", end: null }, "send_window.end"],
    ];
    for (const [body, field] of cases) {
      const res = await put(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    const missing = await put({ start: "08:00" });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].field).toMatch(/^send_window\.end$/);
    const got = await http.request("GET", SETTINGS, { token: c.token });
    expect(got.body.data.send_window).toEqual({ start: "08:00", end: "21:00" });
  });
});
