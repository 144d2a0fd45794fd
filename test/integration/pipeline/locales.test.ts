import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../../src/core/clock.js";
import { emailLogs } from "../../../src/core/db/schema.js";
import { saveClinicSettings } from "../../../src/modules/notifications/settings/settings-repo.js";
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

beforeAll(async () => {
  // The appointments below have fixed dates: the clock stands before them, whatever today is.
  t = await createTestApp({ clock: new ManualClock(new Date("2026-11-25T09:00:00Z")) });
  sink = await startSmtpSink();
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

/** A clinic of this language pointed at the sink, with every type automatic. */
async function clinicOf(defaultLocale: string) {
  const c = await createTestClinic(t.app, { defaultLocale });
  await pointClinicAtSink(t.app, c.clinicId, sink.port);
  await saveClinicSettings(
    t.app.database.db,
    c.clinicId,
    Object.fromEntries(
      t.app.registry
        .keys()
        .map((k) => [
          k,
          { enabled: true, auto_send: true, hours_before: k === "appointment_reminder" ? 24 : undefined },
        ]),
    ),
  );
  return c.clinicId;
}

const mailsTo = (to: string, n: number) =>
  eventually(async () => {
    const found = sink.messages.filter((m) => m.envelope.rcptTo.includes(to));
    expect(found).toHaveLength(n);
    return found;
  });

/** The emails sent to this address (the planned reminder is still pending). */
const logsTo = (clinicId: string, to: string) =>
  t.app.database.db
    .select()
    .from(emailLogs)
    .where(eq(emailLogs.clinicId, clinicId))
    .then((rows) => rows.filter((r) => r.recipientEmail === to && r.status === "sent"));

/** Books an appointment (1 December 2026, 10:30 in Madrid) and sends a budget for the patient. */
async function bookAndQuote(clinicId: string, preferredLocale: string | undefined) {
  const p = {
    clinic_id: clinicId,
    patient_id: randomUUID(),
    patient_email: `loc-${randomUUID().slice(0, 8)}@example.com`,
    patient_name: "Camille Martin",
    ...(preferredLocale ? { preferred_locale: preferredLocale } : {}),
  };
  await t.app.bus.publish("appointment.scheduled", {
    ...p,
    appointment_id: randomUUID(),
    start_time: "2026-12-01T09:30:00Z",
    professional_name: "Dra. Lucía Martín",
  });
  await t.app.bus.publish("budget.sent", {
    ...p,
    budget_id: randomUUID(),
    budget_number: "P-2026-0042",
    total: "1250.00",
    currency: "EUR",
  });
  await drain(t.app);
  const mails = await mailsTo(p.patient_email, 2);
  const confirmation = mails.find((m) => m.attachments.some((a) => a.filename?.endsWith(".ics")))!;
  const budget = mails.find((m) => m !== confirmation)!;
  return { email: p.patient_email, confirmation, budget };
}

describe("each patient gets their own language, end to end", () => {
  it("a French patient of a Spanish clinic: French emails, French dates and money", async () => {
    const clinicId = await clinicOf("es");
    const { email, confirmation, budget } = await bookAndQuote(clinicId, "fr");
    expect(confirmation.subject).toMatch(/^Votre rendez-vous chez .* est confirmé$/);
    expect(confirmation.html).toContain('lang="fr"');
    expect(confirmation.html).toContain("mardi 1 décembre 2026 à 10:30");
    expect(confirmation.text).toContain("Date et heure\u00a0: mardi 1 décembre 2026 à 10:30");
    expect(confirmation.text).toContain("Gérer mes préférences de notification");
    const ics = confirmation.attachments.find((a) => a.filename?.endsWith(".ics"))!;
    expect(ics.filename).toBe("rendez-vous.ics");
    expect(ics.content.toString()).toContain("SUMMARY:Rendez-vous dentaire");
    expect(budget.subject).toMatch(/^Votre devis P-2026-0042 de /);
    expect(budget.html).toContain("Total\u00a0: 1\u202f250,00\u00a0€");
    const logs = await logsTo(clinicId, email);
    expect(logs.map((l) => l.locale)).toEqual(["fr", "fr"]);
  });

  it("a Portuguese patient (pt-BR reads the pt folder) of an English clinic: Portuguese emails", async () => {
    const clinicId = await clinicOf("en");
    const pt = await bookAndQuote(clinicId, "pt");
    expect(pt.confirmation.subject).toMatch(/: consulta confirmada$/);
    expect(pt.confirmation.html).toContain('lang="pt-PT"');
    expect(pt.confirmation.html).toContain("terça-feira, 1 de dezembro de 2026 às 10:30");
    expect(pt.confirmation.attachments.some((a) => a.filename === "consulta.ics")).toBe(true);
    expect(pt.budget.html).toContain("Total: 1\u00a0250,00\u00a0€");
    expect((await logsTo(clinicId, pt.email)).map((l) => l.locale)).toEqual(["pt", "pt"]);

    const br = await bookAndQuote(clinicId, "pt-BR");
    expect(br.confirmation.text).toContain("Obrigado pela sua confiança");
    // European Portuguese words, the patient's own (Brazilian) money format.
    expect(br.budget.html).toContain("Total: €\u00a01.250,00");
    expect((await logsTo(clinicId, br.email)).map((l) => l.locale)).toEqual(["pt", "pt"]);
  });

  it("a patient without a language gets the clinic's: a French clinic writes French", async () => {
    const clinicId = await clinicOf("fr");
    const { confirmation } = await bookAndQuote(clinicId, undefined);
    expect(confirmation.text).toContain("Bonjour Camille,");
  });

  it("a German patient of a German clinic gets the neutral default/ templates, never Spanish", async () => {
    const clinicId = await clinicOf("de");
    const { email, confirmation, budget } = await bookAndQuote(clinicId, "de");
    expect(confirmation.subject).toMatch(/: appointment confirmed$/);
    expect(confirmation.text).not.toMatch(/Hola|Fecha/);
    // The neutral wording carries the patient's own date format.
    expect(confirmation.text).toContain("Date and time: Dienstag, 1. Dezember 2026 um 10:30");
    expect(budget.subject).toMatch(/: treatment estimate P-2026-0042$/);
    const logs = await logsTo(clinicId, email);
    expect(logs.map((l) => l.locale)).toEqual(["default", "default"]);
  });
});
