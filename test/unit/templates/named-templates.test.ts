/**
 * A template named by another (extends, include, import, from … import) resolves like a
 * top-level one, inside the clinic only: along the locale chain, the clinic's active template
 * of that key, then the system's; then the clinic's own layout row; then the files.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TemplateService } from "../../../src/core/templates/index.js";
import { MemoryTemplateStore } from "./memory-store.js";

const CLINIC = "11111111-1111-1111-1111-111111111111";
const OTHER = "22222222-2222-2222-2222-222222222222";
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "named-templates-"));
  const file = (locale: string, name: string, body: string) => {
    mkdirSync(path.join(dir, locale), { recursive: true });
    writeFileSync(path.join(dir, locale, name), body);
  };
  file("default", "macros.html", "{% macro hi(n) %}file-default hi {{ n }}{% endmacro %}");
  file("es", "macros.html", "{% macro hi(n) %}file-es hola {{ n }}{% endmacro %}");
  file("en", "banner.html", "file-en banner");
  file("default", "sign.html", "file-default sign");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The clinic's main template: names four other templates in all the ways a template can. */
const MAIN =
  '{% extends "frame.html" %}{% block body %}' +
  '{% include "greeting.html" %}|{% import "macros.html" as m %}{{ m.hi("Ana") }}|' +
  '{% from "macros.html" import hi %}{{ hi("Bea") }}|{% include "banner.html" %}|{% include "sign.html" %}' +
  "{% endblock %}";

function setUp() {
  const store = new MemoryTemplateStore();
  const add = (
    clinicId: string | null,
    templateKey: string,
    locale: string,
    bodyHtml: string,
    isActive = true,
  ) => store.add({ clinicId, templateKey, locale, bodyHtml, isActive });
  add(CLINIC, "welcome", "en", MAIN);
  // frame.html: the clinic's English row is inactive, so the system's English row wins over the
  // clinic's Spanish one (the locale chain comes first); another clinic's English row is never seen.
  add(CLINIC, "frame.html", "en", "[clinic-en-inactive {% block body %}{% endblock %}]", false);
  add(null, "frame.html", "en", "[system-en {% block body %}{% endblock %}]");
  add(CLINIC, "frame.html", "es", "[clinic-es {% block body %}{% endblock %}]");
  add(OTHER, "frame.html", "en", "[other-clinic {% block body %}{% endblock %}]");
  // greeting.html: nothing in English but another clinic's; in Spanish the clinic beats the system.
  add(OTHER, "greeting.html", "en", "other-clinic greeting");
  add(null, "greeting.html", "es", "system-es greeting");
  add(CLINIC, "greeting.html", "es", "clinic-es greeting");
  add(CLINIC, "greeting.html", "fr", "clinic-fr greeting (not in the chain)");
  // macros.html: only files, and another clinic's row and layout; the Spanish file comes first.
  add(OTHER, "macros.html", "en", "{% macro hi(n) %}other-clinic {{ n }}{% endmacro %}");
  store.layouts.set(`${OTHER}/macros.html`, "{% macro hi(n) %}other-layout {{ n }}{% endmacro %}");
  // banner.html: the clinic's own layout row beats the English file; another clinic's is not seen.
  store.layouts.set(`${CLINIC}/banner.html`, "clinic-layout banner");
  store.layouts.set(`${OTHER}/sign.html`, "other-layout sign");
  const service = new TemplateService({ store });
  service.addTemplateDir(dir);
  return { store, service };
}

const render = (service: TemplateService, clinicId: string) =>
  service.render({
    clinicId,
    templateKey: "welcome",
    locale: "en",
    clinicLocale: "es",
    context: {},
  });

describe("templates named by a template resolve clinic > system > file along the locale chain", () => {
  it("picks each name's source along the chain en > es > default, inside the clinic only", async () => {
    const { service } = setUp();
    const r = await render(service, CLINIC);
    expect(r.source).toBe("clinic");
    expect(r.bodyHtml).toBe(
      "[system-en clinic-es greeting|file-es hola Ana|file-es hola Bea|clinic-layout banner|file-default sign]",
    );
  });

  it("takes the clinic's rows before layouts and files, in the first language that has one", async () => {
    const { store, service } = setUp();
    store.add({
      clinicId: CLINIC,
      templateKey: "greeting.html",
      locale: "en",
      bodyHtml: "clinic-en greeting",
    });
    store.add({
      clinicId: CLINIC,
      templateKey: "macros.html",
      locale: "default",
      bodyHtml: "{% macro hi(n) %}clinic-default {{ n }}{% endmacro %}",
    });
    const r = await render(service, CLINIC);
    // Stored rows are looked up along the whole chain before layouts and files: the clinic's
    // `default` row of macros.html wins over the Spanish file.
    expect(r.bodyHtml).toBe(
      "[system-en clinic-en greeting|clinic-default Ana|clinic-default Bea|clinic-layout banner|file-default sign]",
    );
  });

  it("another clinic with the same main template never sees this clinic's rows or layouts", async () => {
    const { store, service } = setUp();
    store.add({ clinicId: OTHER, templateKey: "welcome", locale: "en", bodyHtml: MAIN });
    const r = await render(service, OTHER);
    expect(r.bodyHtml).toBe(
      "[other-clinic other-clinic greeting|other-clinic Ana|other-clinic Bea|file-en banner|other-layout sign]",
    );
  });
});
