import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  eventually,
  pointClinicAtSink,
  type TestApp,
} from "../../support/app.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";

let t: TestApp;
let sink: SmtpSink;
const HOUR = 3600_000;
const clock = new ManualClock(new Date("2026-11-25T08:00:00Z"));

beforeAll(async () => {
  t = await createTestApp({ clock });
  sink = await startSmtpSink();
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

async function scheduled(hoursAhead: number) {
  const c = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, c.clinicId, sink.port);
  const p = {
    clinic_id: c.clinicId,
    patient_id: randomUUID(),
    patient_email: `r-${randomUUID().slice(0, 8)}@example.com`,
    patient_name: "Rosa Recordatorio",
  };
  const appointmentId = randomUUID();
  const start = new Date(clock.now().getTime() + hoursAhead * HOUR);
  await t.app.bus.publish("appointment.scheduled", {
    ...p,
    appointment_id: appointmentId,
    start_time: start.toISOString(),
  });
  await drain(t.app);
  return { ...c, p, appointmentId, start };
}

const reminders = (clinicId: string) =>
  t.app.database.db
    .select()
    .from(emailLogs)
    .where(and(eq(emailLogs.clinicId, clinicId), eq(emailLogs.notificationType, "appointment_reminder")));

const remindersReceived = (to: string) =>
  sink.messages.filter(
    (m) => m.envelope.rcptTo.includes(to) && /recordatorio|recuerda/i.test(m.subject ?? ""),
  );

describe("appointment reminders", () => {
  it("goes out once, at start − hours_before, not before", async () => {
    const a = await scheduled(72);
    clock.advance(47 * HOUR);
    await drain(t.app);
    expect((await reminders(a.clinicId))[0]!.status).toBe("pending");
    clock.advance(1 * HOUR + 1000);
    await drain(t.app);
    await drain(t.app);
    const [r] = await reminders(a.clinicId);
    expect(r).toMatchObject({ status: "sent", attempts: 1 });
    await eventually(async () => expect(remindersReceived(a.p.patient_email)).toHaveLength(1));
  });

  it("a rescheduled appointment's reminder moves and goes out once, at the new time", async () => {
    const a = await scheduled(48);
    const newStart = new Date(a.start.getTime() + 72 * HOUR);
    await t.app.bus.publish("appointment.rescheduled", {
      ...a.p,
      appointment_id: a.appointmentId,
      start_time: newStart.toISOString(),
      previous_start_time: a.start.toISOString(),
    });
    await drain(t.app);
    let rows = await reminders(a.clinicId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nextAttemptAt!.getTime()).toBe(newStart.getTime() - 24 * HOUR);
    // The old due time passes: nothing is sent.
    clock.advance(30 * HOUR);
    await drain(t.app);
    expect((await reminders(a.clinicId))[0]!.status).toBe("pending");
    clock.set(new Date(newStart.getTime() - 24 * HOUR + 1000));
    await drain(t.app);
    rows = await reminders(a.clinicId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "sent", appointmentStartAt: newStart });
    await eventually(async () => expect(remindersReceived(a.p.patient_email)).toHaveLength(1));
    // The updated confirmation carries a higher SEQUENCE than the first one.
    const invites = sink.messages
      .filter((m) => m.envelope.rcptTo.includes(a.p.patient_email))
      .flatMap((m) => m.attachments.map((x) => x.content.toString()))
      .map((ics) => Number(/SEQUENCE:(\d+)/.exec(ics)?.[1] ?? -1));
    expect(Math.max(...invites)).toBeGreaterThan(Math.min(...invites));
  });

  it("booked and moved within one dispatcher batch: one reminder at the new time, SEQUENCE 0 then 1", async () => {
    const c = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, c.clinicId, sink.port);
    const p = {
      clinic_id: c.clinicId,
      patient_id: randomUUID(),
      patient_email: `b-${randomUUID().slice(0, 8)}@example.com`,
      patient_name: "Bea Lote",
    };
    const appointmentId = randomUUID();
    const first = new Date(clock.now().getTime() + 72 * HOUR);
    const moved = new Date(first.getTime() + 24 * HOUR);
    // Both stored before the dispatcher runs, so it handles them in the same transaction.
    await t.app.bus.publish("appointment.scheduled", {
      ...p,
      appointment_id: appointmentId,
      start_time: first.toISOString(),
    });
    await t.app.bus.publish("appointment.rescheduled", {
      ...p,
      appointment_id: appointmentId,
      start_time: moved.toISOString(),
    });
    expect(await t.app.dispatcher.dispatchBatch()).toBe(2);

    const rows = await reminders(c.clinicId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.nextAttemptAt!.getTime()).toBe(moved.getTime() - 24 * HOUR);
    const confirmations = await t.app.database.db
      .select()
      .from(emailLogs)
      .where(
        and(eq(emailLogs.clinicId, c.clinicId), eq(emailLogs.notificationType, "appointment_confirmation")),
      );
    expect(confirmations.map((l) => l.context.sequence).sort()).toEqual([0, 1]);
  });

  it("the same booking published twice in one dispatcher batch plans one reminder", async () => {
    const c = await createTestClinic(t.app);
    const booking = {
      clinic_id: c.clinicId,
      patient_id: randomUUID(),
      patient_email: `d-${randomUUID().slice(0, 8)}@example.com`,
      patient_name: "Dora Doble",
      appointment_id: randomUUID(),
      start_time: new Date(clock.now().getTime() + 72 * HOUR).toISOString(),
    };
    await t.app.bus.publish("appointment.scheduled", booking);
    await t.app.bus.publish("appointment.scheduled", booking);
    expect(await t.app.dispatcher.dispatchBatch()).toBe(2);
    expect(await reminders(c.clinicId)).toHaveLength(1);
  });

  it("a re-plan moves each pending reminder, and skips one whose appointment is now too close", async () => {
    const a = await scheduled(26);
    const later = randomUUID();
    const laterStart = new Date(clock.now().getTime() + 100 * HOUR);
    await t.app.bus.publish("appointment.scheduled", {
      ...a.p,
      appointment_id: later,
      start_time: laterStart.toISOString(),
    });
    expect(await t.app.dispatcher.dispatchBatch()).toBe(1);
    // The first appointment is now 1.5 h away; its reminder has not gone out yet.
    clock.advance(24.5 * HOUR);
    expect(await t.app.reminders.replan(a.clinicId, 48)).toBe(2);
    const rows = await reminders(a.clinicId);
    expect(rows.find((r) => r.appointmentId === a.appointmentId)).toMatchObject({
      status: "skipped",
      errorMessage: "too_late",
    });
    expect(rows.find((r) => r.appointmentId === later)).toMatchObject({
      status: "pending",
      nextAttemptAt: new Date(laterStart.getTime() - 48 * HOUR),
    });
  });

  it("changing hours_before re-plans every pending reminder of the clinic", async () => {
    const a = await scheduled(100);
    const res = await t.app.reminders.replan(a.clinicId, 48);
    expect(res).toBe(1);
    expect((await reminders(a.clinicId))[0]!.nextAttemptAt!.getTime()).toBe(a.start.getTime() - 48 * HOUR);
  });

  it("booked in the past: neither confirmation nor reminder, both skipped as appointment_in_past", async () => {
    const a = await scheduled(-3);
    const rows = await t.app.database.db.select().from(emailLogs).where(eq(emailLogs.clinicId, a.clinicId));
    expect(rows.map((r) => [r.notificationType, r.status, r.errorMessage]).sort()).toEqual([
      ["appointment_confirmation", "skipped", "appointment_in_past"],
      ["appointment_reminder", "skipped", "appointment_in_past"],
    ]);
    expect(sink.messages.filter((m) => m.envelope.rcptTo.includes(a.p.patient_email))).toHaveLength(0);
  });

  it("moved into the past: the confirmation is skipped and the pending reminder with it", async () => {
    const a = await scheduled(72);
    const { eventId } = await t.app.bus.publish("appointment.rescheduled", {
      ...a.p,
      appointment_id: a.appointmentId,
      start_time: new Date(clock.now().getTime() - HOUR).toISOString(),
    });
    await drain(t.app);
    const rows = await t.app.database.db.select().from(emailLogs).where(eq(emailLogs.clinicId, a.clinicId));
    expect(
      rows.find((r) => r.eventId === eventId && r.notificationType === "appointment_confirmation"),
    ).toMatchObject({
      status: "skipped",
      errorMessage: "appointment_in_past",
    });
    expect((await reminders(a.clinicId))[0]).toMatchObject({
      status: "skipped",
      errorMessage: "appointment_in_past",
    });
  });

  it("booked inside the window: sent at once when more than 2 h away, skipped as too_late otherwise", async () => {
    const soon = await scheduled(5);
    const [r] = await reminders(soon.clinicId);
    expect(r!.status).toBe("sent");
    const tooSoon = await scheduled(1.5);
    expect((await reminders(tooSoon.clinicId))[0]).toMatchObject({
      status: "skipped",
      errorMessage: "too_late",
    });
  });
});
