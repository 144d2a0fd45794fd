import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emailLogs } from "../../../src/core/db/schema.js";
import { savePreferences } from "../../../src/modules/notifications/settings/preferences-repo.js";
import { getClinicSettings } from "../../../src/modules/notifications/settings/settings-repo.js";
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
  t = await createTestApp();
  sink = await startSmtpSink();
  t.app.registerNotificationType({
    key: "prescription_created",
    defaults: { enabled: true, auto_send: true },
    event: "prescription.created",
    templatesDir: fileURLToPath(new URL("../../fixtures/templates/custom", import.meta.url)),
  });
});
afterAll(async () => {
  await t?.close();
  await sink?.close();
});

describe("a module's own notification type (seed pattern 3)", () => {
  it("gets clinic settings, is sent from its event with its template, and respects opt-outs", async () => {
    const { clinicId } = await createTestClinic(t.app);
    await pointClinicAtSink(t.app, clinicId, sink.port);
    const settings = await getClinicSettings(t.app.database.db, t.app.registry, clinicId);
    expect(settings.prescription_created).toEqual({ enabled: true, auto_send: true });

    const patientId = randomUUID();
    const payload = {
      clinic_id: clinicId,
      patient_id: patientId,
      patient_email: "receta@example.com",
      patient_name: "Rita Receta",
      prescription_details: "Amoxicilina",
    };
    await t.app.bus.publish("prescription.created", payload);
    await drain(t.app);
    await eventually(async () => {
      const mail = sink.messages.find((m) => m.envelope.rcptTo.includes("receta@example.com"));
      expect(mail?.html).toContain("Tu receta está lista para recoger");
      expect(mail?.html).toContain("Rita Receta");
    });

    await savePreferences(t.app.database.db, clinicId, {
      patientId,
      emailEnabled: true,
      preferences: { prescription_created: false },
      preferredLocale: "es",
    });
    await t.app.bus.publish("prescription.created", payload);
    await drain(t.app);
    const logs = await t.app.database.db
      .select()
      .from(emailLogs)
      .where(and(eq(emailLogs.clinicId, clinicId), eq(emailLogs.notificationType, "prescription_created")));
    expect(logs.map((l) => l.errorMessage ?? l.status).sort()).toEqual([
      "patient_opted_out_of_prescription_created",
      "sent",
    ]);
  });

  it("refuses an event payload that does not name its patient", async () => {
    await expect(t.app.bus.publish("prescription.created", { clinic_id: randomUUID() })).rejects.toThrow(
      /payload\.patient_id/,
    );
  });
});
