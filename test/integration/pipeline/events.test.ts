import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emailLogs, eventInbox, patients } from "../../../src/core/db/schema.js";
import { ConflictError, ValidationError } from "../../../src/core/errors.js";
import { saveSendWindow } from "../../../src/modules/notifications/settings/send-window-repo.js";
import { saveClinicSettings } from "../../../src/modules/notifications/settings/settings-repo.js";
import {
  createTestApp,
  createTestClinic,
  drain,
  eventually,
  pointClinicAtSink,
  type TestApp,
  type TestClinic,
} from "../../support/app.js";
import { type SmtpSink, startSmtpSink } from "../../support/smtp-sink.js";
import { countStatements } from "../../support/statements.js";

let t: TestApp;
let sink: SmtpSink;
let clinic: TestClinic;

beforeAll(async () => {
  t = await createTestApp();
  sink = await startSmtpSink();
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});
beforeEach(async () => {
  clinic = await createTestClinic(t.app);
  await pointClinicAtSink(t.app, clinic.clinicId, sink.port);
  // Every type automatic, so each event sends.
  await saveClinicSettings(
    t.app.database.db,
    clinic.clinicId,
    Object.fromEntries(
      t.app.registry
        .keys()
        .map((k) => [
          k,
          { enabled: true, auto_send: true, hours_before: k === "appointment_reminder" ? 24 : undefined },
        ]),
    ),
  );
  // No quiet hours: these tests run on the real clock, at any time of day, and are not about
  // when emails go (quiet-hours.test.ts is).
  await saveSendWindow(t.app.database.db, clinic.clinicId, null);
});

function patient(overrides: Record<string, unknown> = {}) {
  return {
    clinic_id: clinic.clinicId,
    patient_id: randomUUID(),
    patient_email: `p-${randomUUID().slice(0, 8)}@example.com`,
    patient_name: "Ana García López",
    ...overrides,
  };
}

const logsOf = (clinicId: string) =>
  t.app.database.db.select().from(emailLogs).where(eq(emailLogs.clinicId, clinicId));
const mailTo = (to: string) => sink.messages.filter((m) => m.envelope.rcptTo.includes(to));
/** The sink parses asynchronously: wait until exactly n mails reached this address. */
const mailsTo = (to: string, n: number) =>
  eventually(async () => {
    const found = mailTo(to);
    expect(found).toHaveLength(n);
    return found;
  });

describe("events → emails", () => {
  it("appointment.scheduled sends a Spanish confirmation with a REQUEST invitation and plans the reminder", async () => {
    const p = patient();
    const appointmentId = randomUUID();
    const start = new Date(Date.now() + 5 * 86400_000);
    await t.app.bus.publish("appointment.scheduled", {
      ...p,
      appointment_id: appointmentId,
      start_time: start.toISOString(),
      professional_name: "Dra. Lucía Martín",
    });
    await drain(t.app);
    const [mail] = await mailsTo(p.patient_email, 1);
    expect(mail).toBeDefined();
    expect(mail!.subject).toMatch(/cita/i);
    expect(mail!.html).toContain("Ana");
    expect(mail!.html).toContain("Lucía Martín");
    expect(mail!.text).toBeTruthy();
    const ics = mail!.attachments.find((a) => a.filename?.endsWith(".ics"));
    expect(ics?.content.toString()).toContain("METHOD:REQUEST");
    expect(ics?.content.toString()).toContain(`UID:appointment-${appointmentId}@dentalpin`);
    expect(mail!.raw).toMatch(/^List-Unsubscribe:\s+<http:\/\/127\.0\.0\.1:8000\/p\/unsubscribe\/[\w.-]+>/m);
    expect(mail!.raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);

    const logs = await logsOf(clinic.clinicId);
    const confirmation = logs.find((l) => l.notificationType === "appointment_confirmation")!;
    expect(confirmation).toMatchObject({
      status: "sent",
      locale: "es",
      templateSource: "file",
      provider: "smtp",
    });
    expect(confirmation.providerMessageId).toBeTruthy();
    expect(confirmation.sentAt).toBeInstanceOf(Date);
    const reminder = logs.find((l) => l.notificationType === "appointment_reminder")!;
    expect(reminder.status).toBe("pending");
    expect(reminder.nextAttemptAt!.getTime()).toBe(start.getTime() - 24 * 3600_000);
  });

  it("uses the patient's preferred locale (English) and a CANCEL invitation on cancellation", async () => {
    const p = patient({ preferred_locale: "en", patient_name: "Emma Wilson" });
    const appointmentId = randomUUID();
    const start = new Date(Date.now() + 3 * 86400_000).toISOString();
    await t.app.bus.publish("appointment.scheduled", {
      ...p,
      appointment_id: appointmentId,
      start_time: start,
    });
    await t.app.bus.publish("appointment.cancelled", {
      ...p,
      appointment_id: appointmentId,
      reason: "The dentist is ill",
      start_time: start,
    });
    await drain(t.app);
    const mails = await mailsTo(p.patient_email, 2);
    const cancelled = mails.find((m) =>
      m.attachments.some((a) => a.content.toString().includes("METHOD:CANCEL")),
    );
    expect(cancelled?.html).toContain("The dentist is ill");
    expect(cancelled?.subject).toMatch(/cancel/i);
    const logs = await logsOf(clinic.clinicId);
    expect(logs.find((l) => l.notificationType === "appointment_cancelled")).toMatchObject({
      status: "sent",
      locale: "en",
    });
    expect(logs.find((l) => l.notificationType === "appointment_reminder")).toMatchObject({
      status: "skipped",
      errorMessage: "appointment_cancelled",
    });
  });

  it("patient.created, budget.sent and budget.accepted each send their template", async () => {
    const p = patient();
    await t.app.bus.publish("patient.created", p);
    await t.app.bus.publish("budget.sent", {
      ...p,
      budget_id: randomUUID(),
      budget_number: "P-2026-0042",
      total: "1250.00",
      currency: "EUR",
    });
    await t.app.bus.publish("budget.accepted", { ...p, budget_id: randomUUID() });
    await drain(t.app);
    const logs = await logsOf(clinic.clinicId);
    for (const type of ["welcome", "budget_sent", "budget_accepted"]) {
      expect(logs.find((l) => l.notificationType === type)?.status, type).toBe("sent");
    }
    const budgetMail = (await mailsTo(p.patient_email, 3)).find(
      (m) => m.html && String(m.html).includes("P-2026-0042"),
    );
    expect(budgetMail?.html).toMatch(/1\.250,00/);
  });

  it("a replayed event (same idempotency key) sends nothing new", async () => {
    const p = patient();
    const first = await t.app.bus.publish("patient.created", p, { idempotencyKey: "welcome-once" });
    const again = await t.app.bus.publish("patient.created", p, { idempotencyKey: "welcome-once" });
    expect(again).toEqual({ eventId: first.eventId, duplicate: true });
    await drain(t.app);
    await mailsTo(p.patient_email, 1);
  });

  it("an event delivered twice to its handlers (at-least-once) still sends one email", async () => {
    const p = patient();
    const { eventId } = await t.app.bus.publish("patient.created", p);
    await drain(t.app);
    // Replay the same stored event as a dispatcher would after a crash before commit.
    await t.app.database.db.update(eventInbox).set({ status: "pending" }).where(eq(eventInbox.id, eventId));
    await drain(t.app);
    await mailsTo(p.patient_email, 1);
    expect((await logsOf(clinic.clinicId)).filter((l) => l.patientId === p.patient_id)).toHaveLength(1);
  });

  it("rejects a payload missing a required field, naming it, and stores nothing", async () => {
    const { patient_email: _e, ...rest } = patient();
    await expect(t.app.bus.publish("patient.created", rest)).rejects.toThrowError(ValidationError);
    await expect(t.app.bus.publish("patient.created", rest)).rejects.toThrow(/payload\.patient_email/);
    await expect(
      t.app.bus.publish("appointment.scheduled", {
        ...patient(),
        appointment_id: randomUUID(),
        start_time: "tomorrow",
      }),
    ).rejects.toThrow(/payload\.start_time/);
    const inbox = await t.app.database.db
      .select()
      .from(eventInbox)
      .where(eq(eventInbox.clinicId, clinic.clinicId));
    expect(inbox).toHaveLength(0);
  });

  it("creates the patient an event names, and refuses a patient id of another clinic", async () => {
    const p = patient({ patient_name: "Nuevo Paciente Externo" });
    await t.app.bus.publish("patient.created", p);
    const [row] = await t.app.database.db.select().from(patients).where(eq(patients.id, p.patient_id));
    expect(row).toMatchObject({
      clinicId: clinic.clinicId,
      firstName: "Nuevo",
      lastName: "Paciente Externo",
      email: p.patient_email,
    });

    const other = await createTestClinic(t.app);
    await expect(
      t.app.bus.publish("patient.created", { ...p, clinic_id: other.clinicId }),
    ).rejects.toThrowError(ConflictError);
    const inbox = await t.app.database.db
      .select()
      .from(eventInbox)
      .where(eq(eventInbox.clinicId, other.clinicId));
    expect(inbox).toHaveLength(0);
  });

  it("publishes in one statement: the event and the patient it names, no transaction of its own", async () => {
    const p = patient({ patient_name: "Una Sola Sentencia" });
    const counted = countStatements(t.app.database);
    try {
      await t.app.bus.publish("patient.created", p);
    } finally {
      counted.stop();
    }
    expect(counted.n).toBe(1);
    const [row] = await t.app.database.db.select().from(patients).where(eq(patients.id, p.patient_id));
    expect(row).toMatchObject({ firstName: "Una", lastName: "Sola Sentencia" });
  });

  it("refreshes a known patient from a later event only where the payload differs", async () => {
    const p = patient({ patient_name: "Ana García López" });
    await t.app.bus.publish("patient.created", p);
    const readPatient = async () =>
      (await t.app.database.db.select().from(patients).where(eq(patients.id, p.patient_id)))[0]!;
    const created = await readPatient();

    // The same details again: the row is left as it was.
    await t.app.bus.publish("patient.created", p);
    expect((await readPatient()).updatedAt).toEqual(created.updatedAt);

    // No email and no locale in the payload: the stored ones stay; a new name is split again.
    await t.app.bus.publish("patient.created", {
      ...p,
      patient_email: null,
      patient_name: "Ana María García",
    });
    expect(await readPatient()).toMatchObject({
      firstName: "Ana",
      lastName: "María García",
      email: p.patient_email,
      preferredLocale: null,
    });

    await t.app.bus.publish("patient.created", {
      ...p,
      patient_email: "nuevo@example.com",
      preferred_locale: "en",
    });
    expect(await readPatient()).toMatchObject({
      firstName: "Ana",
      lastName: "García López",
      email: "nuevo@example.com",
      preferredLocale: "en",
      clinicId: clinic.clinicId,
    });
  });

  it("a failing event in a batch is retried alone; the others of its batch are handled", async () => {
    const failing = "test.fails_once_in_batch";
    let failures = 0;
    t.app.bus.on(failing, async () => {
      failures++;
      throw new Error("this handler always fails");
    });
    const good = [patient(), patient(), patient()];
    await t.app.bus.publish("patient.created", good[0]);
    const bad = await t.app.bus.publish(failing, patient());
    for (const p of good.slice(1)) await t.app.bus.publish("patient.created", p);
    await drain(t.app);

    for (const p of good) expect(mailTo(p.patient_email)).toHaveLength(1);
    const [row] = await t.app.database.db.select().from(eventInbox).where(eq(eventInbox.id, bad.eventId));
    // Tried with its batch (rolled back, not counted), then alone: one attempt recorded.
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "this handler always fails" });
    expect(failures).toBe(2);
  });

  it("an event written in a transaction that rolls back is not stored", async () => {
    const p = patient();
    await expect(
      t.app.database.db.transaction(async (tx) => {
        await t.app.bus.publish("patient.created", p, { tx });
        throw new Error("caller's change failed");
      }),
    ).rejects.toThrow(/caller's change failed/);
    await drain(t.app);
    const inbox = await t.app.database.db
      .select()
      .from(eventInbox)
      .where(eq(eventInbox.clinicId, clinic.clinicId));
    expect(inbox).toHaveLength(0);
    expect(mailTo(p.patient_email)).toHaveLength(0);
  });
});
