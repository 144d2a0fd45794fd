import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clinics, emailTemplates } from "../../../src/core/db/schema.js";
import { DbTemplateStore, TemplateService } from "../../../src/core/templates/index.js";
import { createTestDatabase, type TestDatabase } from "../../support/db.js";

let t: TestDatabase;
let store: DbTemplateStore;
let clinicId: string;
let otherId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  store = new DbTemplateStore(t.db);
  const [a, b] = await t.db
    .insert(clinics)
    .values([{ name: "Sonrisa" }, { name: "Otra" }])
    .returning({ id: clinics.id });
  clinicId = a!.id;
  otherId = b!.id;
});

afterAll(async () => {
  await t.close();
});

describe("DbTemplateStore", () => {
  it("finds the clinic's and the system's templates of a key in the given locales only", async () => {
    await t.db.insert(emailTemplates).values([
      { clinicId, templateKey: "welcome", locale: "es", subject: "Clínica", bodyHtml: "<p>c</p>" },
      {
        clinicId: null,
        templateKey: "welcome",
        locale: "es",
        subject: "Sistema",
        bodyHtml: "<p>s</p>",
        bodyText: "s",
      },
      { clinicId: null, templateKey: "welcome", locale: "fr", subject: "Système", bodyHtml: "<p>f</p>" },
      { clinicId: otherId, templateKey: "welcome", locale: "es", subject: "Otra", bodyHtml: "<p>o</p>" },
      {
        clinicId,
        templateKey: "budget_sent",
        locale: "es",
        subject: "P",
        bodyHtml: "<p>p</p>",
        isActive: false,
      },
    ]);
    const rows = await store.findCandidates(clinicId, "welcome", ["es", "en"]);
    expect(rows.map((r) => r.subject).sort()).toEqual(["Clínica", "Sistema"]);
    const system = rows.find((r) => r.clinicId === null)!;
    expect(system).toMatchObject({ templateKey: "welcome", locale: "es", bodyText: "s", isActive: true });
    expect(typeof system.id).toBe("string");
    expect(await store.findCandidates(clinicId, "welcome", [])).toEqual([]);
    expect((await store.findCandidates(clinicId, "budget_sent", ["es"]))[0]).toMatchObject({
      isActive: false,
    });
  });

  it("finds a clinic's active layout by name", async () => {
    await t.db.insert(emailTemplates).values([
      {
        clinicId,
        templateKey: "base.html",
        locale: "es",
        subject: "",
        bodyHtml: "<main>{% block content %}{% endblock %}</main>",
      },
      {
        clinicId: otherId,
        templateKey: "mine.html",
        locale: "es",
        subject: "",
        bodyHtml: "x",
        isActive: false,
      },
    ]);
    expect(await store.findLayout(clinicId, "base.html")).toBe(
      "<main>{% block content %}{% endblock %}</main>",
    );
    expect(await store.findLayout(otherId, "base.html")).toBeNull();
    expect(await store.findLayout(otherId, "mine.html")).toBeNull();
  });

  it("drives the service: the clinic's DB template wins over the file and can use its own layout", async () => {
    await t.db.insert(emailTemplates).values({
      clinicId,
      templateKey: "appointment_reminder",
      locale: "es",
      subject: "Recordatorio para {{ patient_name }}",
      bodyHtml: '{% extends "base.html" %}{% block content %}<p>Hola {{ patient_name }}</p>{% endblock %}',
    });
    const service = new TemplateService({ store });
    const r = await service.render({
      clinicId,
      templateKey: "appointment_reminder",
      locale: "es",
      context: { patient_name: "Ana <3" },
    });
    expect(r).toMatchObject({
      source: "clinic",
      locale: "es",
      subject: "Recordatorio para Ana <3",
      bodyHtml: "<main><p>Hola Ana &lt;3</p></main>",
    });
    const other = await service.render({
      clinicId: otherId,
      templateKey: "appointment_reminder",
      locale: "es",
      context: { patient_name: "Ana", clinic_name: "Otra" },
    });
    expect(other.source).toBe("file");
  });
});
