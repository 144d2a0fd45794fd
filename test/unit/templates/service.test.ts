import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import {
  sampleContext,
  TemplateLayoutError,
  TemplateLimitError,
  TemplateMissingError,
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateService,
  TemplateSyntaxError,
  withDateValues,
} from "../../../src/core/templates/index.js";
import { packError, unpackError } from "../../../src/core/templates/render-job.js";
import { MemoryTemplateStore } from "./memory-store.js";

const CLINIC = "11111111-1111-1111-1111-111111111111";
const OTHER = "22222222-2222-2222-2222-222222222222";
const ctx = (key: string, locale: string) =>
  withDateValues(sampleContext(key, locale), { timeZone: "Europe/Madrid", locale });

let store: MemoryTemplateStore;
let warnings: { obj: object; msg: string }[];
let service: TemplateService;

beforeEach(() => {
  store = new MemoryTemplateStore();
  warnings = [];
  service = new TemplateService({ store, logger: { warn: (obj, msg) => warnings.push({ obj, msg }) } });
});

describe("file templates", () => {
  it("renders the Spanish confirmation with inlined CSS, its text part and the calendar note", async () => {
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_confirmation",
      locale: "es",
      context: ctx("appointment_confirmation", "es"),
    });
    expect(r).toMatchObject({
      source: "file",
      locale: "es",
      templateId: null,
      subject: "Cita confirmada en Clínica Dental Sonrisa",
    });
    expect(r.bodyHtml).toContain("martes, 1 de diciembre de 2026, 10:30");
    expect(r.bodyHtml).toContain("invitación de calendario");
    expect(r.bodyHtml).toMatch(
      /<div style="[^"]*background-color: #0f766e[^"]*">Clínica Dental Sonrisa<\/div>/,
    );
    expect(r.bodyHtml).not.toContain("<style");
    expect(r.bodyHtml).toContain('href="https://example.com/p/preferences?token=sample"');
    expect(r.bodyText).toContain("Fecha y hora: martes, 1 de diciembre de 2026, 10:30");
    expect(r.bodyText).toContain("Darme de baja: https://example.com/p/unsubscribe?token=sample");
  });

  it("says the appointment has been moved when rescheduled", async () => {
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_confirmation",
      locale: "en",
      context: { ...ctx("appointment_confirmation", "en"), is_rescheduled: true },
    });
    expect(r.subject).toBe("Your appointment at Bright Smile Dental has been moved");
    expect(r.bodyHtml).toContain("Your appointment has been moved");
  });

  it("shows the cancellation reason only when given", async () => {
    const withReason = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_cancelled",
      locale: "es",
      context: ctx("appointment_cancelled", "es"),
    });
    expect(withReason.bodyHtml).toContain(
      "<strong>Motivo:</strong> La profesional no está disponible ese día.",
    );
    const without = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_cancelled",
      locale: "es",
      context: { ...ctx("appointment_cancelled", "es"), reason: null },
    });
    expect(without.bodyHtml).not.toContain("Motivo");
    expect(without.bodyText).not.toContain("None");
  });

  it("lists budget items and the formatted total, escaping hostile values in HTML but not in the subject", async () => {
    const context = {
      ...ctx("budget_sent", "es"),
      budget_number: "P-<1>",
      items: [{ description: "<script>x</script>", quantity: 1, unit_price: "1.00", total: "1.00" }],
    };
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "budget_sent",
      locale: "es",
      context,
    });
    expect(r.subject).toBe("Tu presupuesto P-<1> de Clínica Dental Sonrisa");
    expect(r.bodyHtml).toContain("&lt;script&gt;x&lt;/script&gt;");
    expect(r.bodyHtml).not.toContain("<script>");
    expect(r.bodyHtml).toContain("Total: 1.250,00\u00a0€");
  });

  it("follows the chain patient > clinic > default, never a language nobody asked for", async () => {
    const de = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "de",
      clinicLocale: "en",
      context: ctx("welcome", "en"),
    });
    expect(de.locale).toBe("en");
    // A German patient of a German clinic: no de/ folder, so the neutral default/, not Spanish.
    const neutral = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "de",
      clinicLocale: "de",
      context: ctx("welcome", "de"),
    });
    expect(neutral.locale).toBe("default");
    // pt-BR reads the European Portuguese folder.
    const br = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "pt-BR",
      clinicLocale: "es",
      context: ctx("welcome", "pt-BR"),
    });
    expect(br.locale).toBe("pt");
  });

  it("formats the context in the winning template's language", async () => {
    const seen: string[] = [];
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_confirmation",
      locale: "pt",
      clinicLocale: "es",
      context: (formatLocale) => {
        seen.push(formatLocale);
        return ctx("appointment_confirmation", formatLocale);
      },
    });
    expect(seen).toEqual(["pt-PT"]);
    expect(r.bodyHtml).toContain("terça-feira, 1 de dezembro de 2026 às 10:30");
    const de = await service.render({
      clinicId: CLINIC,
      templateKey: "appointment_confirmation",
      locale: "de",
      clinicLocale: "fr",
      context: (formatLocale) => ctx("appointment_confirmation", formatLocale),
    });
    // A French template is written with French dates, not the German patient's.
    expect(de.locale).toBe("fr");
    expect(de.bodyHtml).toContain("mardi 1 décembre 2026 à 10:30");
  });

  it("generates the text part from the HTML when a template has none", async () => {
    service.addTemplateDir(path.resolve(import.meta.dirname, "../../fixtures/templates/custom"));
    expect(service.hasFileTemplate("prescription_created")).toBe(true);
    expect(service.hasFileTemplate("nothing_here")).toBe(false);
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "prescription_created",
      locale: "es",
      context: { patient_name: "Ana" },
    });
    expect(r.subject).toBe("prescription created");
    expect(r.bodyText).toBe("Nueva receta\n\nHola Ana,\n\nTu receta está lista para recoger.");
  });

  it("reports a missing template", async () => {
    await expect(
      service.render({ clinicId: CLINIC, templateKey: "nope", locale: "es", context: {} }),
    ).rejects.toBeInstanceOf(TemplateNotFoundError);
  });
});

describe("database overrides", () => {
  it("prefers the clinic's template, then the system's, then the file, skipping inactive ones", async () => {
    store.add({
      clinicId: null,
      templateKey: "welcome",
      locale: "es",
      subject: "System {{ clinic_name }}",
      bodyHtml: "<p>system</p>",
    });
    const clinic = store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      subject: "Clinic",
      bodyHtml: "<p>clinic</p>",
    });
    store.add({
      clinicId: OTHER,
      templateKey: "welcome",
      locale: "es",
      subject: "Other",
      bodyHtml: "<p>other</p>",
    });
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      context: {},
    });
    expect(r).toMatchObject({
      source: "clinic",
      templateId: clinic.id,
      subject: "Clinic",
      bodyText: "clinic",
    });
    clinic.isActive = false;
    expect(
      await service.render({
        clinicId: CLINIC,
        templateKey: "welcome",
        locale: "es",
        context: { clinic_name: "X" },
      }),
    ).toMatchObject({ source: "system", subject: "System X" });
    expect(
      (await service.render({ clinicId: OTHER, templateKey: "welcome", locale: "es", context: {} })).subject,
    ).toBe("Other");
  });

  it("inlines a stored template's stylesheet for mail clients", async () => {
    store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      bodyHtml:
        '<html><head><style>p.hi { color: #123456; }</style></head><body><p class="hi">Hola {{ patient_name }}</p></body></html>',
    });
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      context: { patient_name: "Ana" },
    });
    expect(r.bodyHtml).toContain('<p class="hi" style="color: #123456;">Hola Ana</p>');
    expect(r.bodyHtml).not.toContain("<style>");
  });

  it("tries the patient's locale in every source before the next locale", async () => {
    store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      subject: "Clinic es",
      bodyHtml: "x",
    });
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "en",
      clinicLocale: "es",
      context: ctx("welcome", "en"),
    });
    expect(r).toMatchObject({ source: "file", locale: "en" });
  });

  it("falls back to the next source when a stored template fails to render, and logs why", async () => {
    store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      subject: "{{ 1 / 0 }}",
      bodyHtml: "x",
    });
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      context: ctx("welcome", "es"),
    });
    expect(r.source).toBe("file");
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0]!.obj)).toContain("division by zero");
  });

  it("lets a stored template extend the shipped base layout or the clinic's own layout", async () => {
    store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "en",
      subject: "Hi",
      bodyHtml: '{% extends "base.html" %}{% block content %}<p>Custom {{ patient_name }}</p>{% endblock %}',
    });
    const shipped = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "en",
      context: { patient_name: "<Ann>", clinic_name: "Smile", unsubscribe_url: "https://u" },
    });
    expect(shipped.bodyHtml).toContain("<p>Custom &lt;Ann&gt;</p>");
    expect(shipped.bodyHtml).toContain('href="https://u"');
    expect(shipped.bodyHtml).toContain("Unsubscribe");
    store.layouts.set(
      `${CLINIC}/base.html`,
      "<main>{% block content %}{% endblock %}</main><footer>{{ clinic_name }}</footer>",
    );
    const own = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "en",
      context: { patient_name: "Ann", clinic_name: "Smile" },
    });
    expect(own.bodyHtml).toBe("<main><p>Custom Ann</p></main><footer>Smile</footer>");
  });

  it("falls back when a stored template extends a layout that does not exist", async () => {
    store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      subject: "Hi",
      bodyHtml: '{% extends "evil.html" %}',
    });
    const r = await service.render({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "es",
      context: ctx("welcome", "es"),
    });
    expect(r.source).toBe("file");
    expect(JSON.stringify(warnings[0]!.obj)).toContain("template 'evil.html' not found");
  });
});

describe("validation, preview and the effective template", () => {
  it("names the field, line and column of a syntax error", () => {
    let err: unknown;
    try {
      service.validate({
        subject: "ok {{ clinic_name }}",
        bodyHtml: "<p>\n  {{ patient_name|bogus }}</p>",
        bodyText: null,
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TemplateSyntaxError);
    expect(err).toMatchObject({ field: "body_html", line: 2, column: 19 });
    expect(() => service.validate({ subject: "{% for %}", bodyHtml: "x" })).toThrow(/subject/);
    expect(() => service.validate({ subject: "x", bodyHtml: "x", bodyText: "{{ a.__class__ }}" })).toThrow(
      /body_text/,
    );
  });

  it("previews a Jinja2 subject and body that extends the base layout", async () => {
    const r = await service.renderSource({
      clinicId: CLINIC,
      locale: "es",
      subject: "Cita en {{ clinic_name }}",
      bodyHtml:
        '{% extends "base.html" %}{% block content %}<p>{{ start_time.strftime("%A %d de %B") }}</p>{% endblock %}',
      context: ctx("appointment_confirmation", "es"),
    });
    expect(r.subject).toBe("Cita en Clínica Dental Sonrisa");
    expect(r.bodyHtml).toContain("<p>martes 01 de diciembre</p>");
    expect(r.bodyText).toContain("martes 01 de diciembre");
    await expect(
      service.renderSource({
        clinicId: CLINIC,
        locale: "es",
        subject: "x",
        bodyHtml: "{% do a() %}",
        context: {},
      }),
    ).rejects.toMatchObject({ field: "body_html", line: 1, column: 4 });
  });

  it("refuses at save a template that extends, includes or imports a template that exists nowhere", async () => {
    const check = (bodyHtml: string) =>
      service.check({
        clinicId: CLINIC,
        locale: "es",
        subject: "x",
        bodyHtml,
        context: ctx("welcome", "es"),
      });
    for (const [bodyHtml, name] of [
      ['{% extends "package.json" %}', "package.json"],
      ['{% extends "/etc/passwd" %}', "/etc/passwd"],
      ['<p>a</p>\n{% include "nowhere.html" %}', "nowhere.html"],
      ['{% import "nowhere.html" as n %}', "nowhere.html"],
      ['{% from "nowhere.html" import m %}', "nowhere.html"],
      ['{% if true %}{% extends "nowhere.html" %}{% endif %}', "nowhere.html"],
    ]) {
      const err = await check(bodyHtml!).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err, bodyHtml).toBeInstanceOf(TemplateLayoutError);
      expect(err, bodyHtml).toBeInstanceOf(TemplateMissingError);
      expect(err, bodyHtml).toMatchObject({ field: "body_html" });
      expect((err as Error).message, bodyHtml).toContain(`template '${name}' not found`);
    }
    // A missing template the template says may be missing, and an error of the data, still save.
    await expect(check('{% include "nowhere.html" ignore missing %}<p>ok</p>')).resolves.toBeUndefined();
    await expect(check("<p>{{ 1 / visits }}</p>")).resolves.toBeUndefined();
    await expect(
      check('{% extends "base.html" %}{% block content %}ok{% endblock %}'),
    ).resolves.toBeUndefined();
  });

  it("keeps a missing template's class when the error is located and crosses a thread boundary", () => {
    const err = new TemplateMissingError("template 'x' not found").at(2, 3).inField("body_html");
    expect(err).toBeInstanceOf(TemplateMissingError);
    expect(err).toMatchObject({ line: 2, column: 3, field: "body_html" });
    const back = unpackError(packError(err)!);
    expect(back).toBeInstanceOf(TemplateMissingError);
    expect(back.message).toBe(err.message);
    for (const e of [
      new TemplateLimitError("time limit exceeded"),
      new TemplateLayoutError("template 'x' is invalid"),
      new TemplateRenderError("division by zero", 1, 2, "subject"),
    ]) {
      const copy = unpackError(packError(e)!);
      expect(copy.constructor).toBe(e.constructor);
      expect(copy.message).toBe(e.message);
    }
  });

  it("returns the raw source that would be used", async () => {
    const file = await service.effective({ clinicId: CLINIC, templateKey: "welcome", locale: "en" });
    expect(file).toMatchObject({
      source: "file",
      locale: "en",
      templateId: null,
      subject: "Welcome to {{ clinic_name }}!",
    });
    expect(file.bodyHtml).toContain('{% extends "base.html" %}');
    const row = store.add({
      clinicId: CLINIC,
      templateKey: "welcome",
      locale: "en",
      subject: "Mine",
      bodyHtml: "b",
    });
    expect(await service.effective({ clinicId: CLINIC, templateKey: "welcome", locale: "en" })).toMatchObject(
      { source: "clinic", templateId: row.id, subject: "Mine", bodyText: null },
    );
  });
});
