import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/core/logger.js";
import {
  insertClinicTemplate,
  updateClinicTemplate,
} from "../../../src/modules/notifications/settings/index.js";
import { createTestApp, createTestClinic, eventually, TEST_SECRET, type TestApp } from "../../support/app.js";

// Two processes over one database, as an API process and a worker process are: a template saved
// through one shows in the other's next email at once, not when its cache (30 s) runs out.
let writer: TestApp;
let worker: Awaited<ReturnType<typeof createApp>>;

beforeAll(async () => {
  writer = await createTestApp();
  worker = await createApp(
    loadConfig({ SECRET_KEY: TEST_SECRET, EMAIL_PROVIDER: "console", LOG_LEVEL: "silent" }),
    { database: writer.app.database, migrate: false, logger: createLogger("silent") },
  );
  await worker.watchTemplates();
});
afterAll(async () => {
  await worker?.close();
  await writer?.close();
});

const subjectIn = async (clinicId: string) =>
  (
    await worker.templates.render({
      clinicId,
      templateKey: "welcome",
      locale: "es",
      context: { patient_name: "Ana", clinic_name: "Clínica" },
    })
  ).subject;

describe("cached templates across processes", () => {
  it("another process's save and edit reach a watching process's cache through NOTIFY", async () => {
    const { clinicId } = await createTestClinic(writer.app);
    const shipped = await subjectIn(clinicId);
    // Cached now: without the notification the next renders would keep this for 30 s.
    const row = await insertClinicTemplate(writer.app.database.db, {
      clinicId,
      templateKey: "welcome",
      locale: "es",
      subject: "Bienvenida propia",
      bodyHtml: "<p>Hola {{ patient_name }}</p>",
      bodyText: null,
      isActive: true,
    });
    await eventually(async () => expect(await subjectIn(clinicId)).toBe("Bienvenida propia"), 3000);
    expect(shipped).not.toBe("Bienvenida propia");

    await updateClinicTemplate(writer.app.database.db, clinicId, row!.id, { subject: "Bienvenida editada" });
    await eventually(async () => expect(await subjectIn(clinicId)).toBe("Bienvenida editada"), 3000);
  });
});
