import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sampleContext, withDateValues } from "../../../src/core/templates/index.js";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { renderOurs, toOracleContext } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const DIR = path.resolve(import.meta.dirname, "../../../templates/email");
const TYPES = [
  "appointment_confirmation",
  "appointment_cancelled",
  "appointment_reminder",
  "budget_sent",
  "budget_accepted",
  "welcome",
];
/** Every shipped locale folder: a new language is covered as soon as its folder exists. */
const LOCALES = readdirSync(DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

/** Contexts that exercise every branch: full data, the reschedule, hostile values, almost nothing. */
function contexts(type: string, locale: string): [string, Record<string, unknown>][] {
  const full = withDateValues(sampleContext(type, locale), { timeZone: "Europe/Madrid", locale });
  const hostile = {
    ...full,
    patient_name: '<script>alert("x")</script>',
    patient_first_name: "",
    clinic_name: `Clínica "Sonrisa" & Co's`,
    reason: "<b>Avería</b> en el equipo",
    items: [
      { description: "<img src=x onerror=alert(1)>", quantity: 2, unit_price: "10.00", total: "20.00" },
    ],
  };
  const minimal = {
    patient_name: "Ana",
    clinic_name: "Clínica",
    reason: null,
    items: [],
    professional_name: null,
  };
  return [
    ["full", full],
    ["rescheduled", { ...full, is_rescheduled: true }],
    ["hostile", hostile],
    ["minimal", minimal],
  ];
}

const engine = new TemplateEngine();
const cases: (OracleCase & { ours: Record<string, unknown> })[] = [];
// Every folder's base.html fills in the words of the one layout they share.
const sharedLayout = readFileSync(path.join(DIR, "default", "base_layout.html"), "utf8");
// The appointment emails' answer buttons: one macro, each language's words.
const answerButtons = readFileSync(path.join(DIR, "default", "answer_buttons.html"), "utf8");
for (const locale of LOCALES) {
  const base = readFileSync(path.join(DIR, locale, "base.html"), "utf8");
  for (const type of TYPES) {
    for (const [label, ctx] of contexts(type, locale)) {
      const parts: [string, string, boolean][] = [
        ["subject", `${type}.subject.txt`, false],
        ["html", `${type}.html`, true],
        ["text", `${type}.txt`, false],
      ];
      for (const [part, file, autoescape] of parts) {
        cases.push({
          id: `${locale}/${type} ${part} (${label})`,
          source: readFileSync(path.join(DIR, locale, file), "utf8"),
          autoescape,
          layouts: {
            "base.html": base,
            "base_layout.html": sharedLayout,
            "answer_buttons.html": answerButtons,
          },
          context: toOracleContext(ctx) as Record<string, unknown>,
          ours: ctx,
        });
      }
    }
  }
}
const expected = runJinja2(cases);

describe("shipped templates render byte-identical to Jinja2", () => {
  it("ships every part of the six types in every locale folder", () => {
    for (const locale of LOCALES) {
      const files = readdirSync(path.join(DIR, locale));
      for (const type of TYPES)
        for (const ext of [".html", ".subject.txt", ".txt"]) expect(files).toContain(type + ext);
      expect(files).toContain("base.html");
      expect(files).toContain("locale.json");
    }
    expect(LOCALES).toEqual(expect.arrayContaining(["default", "en", "es", "fr", "pt"]));
  });

  it("ships default/ as its own neutral wording, not a copy of a language folder", () => {
    for (const locale of LOCALES.filter((l) => l !== "default"))
      for (const type of TYPES)
        expect(readFileSync(path.join(DIR, "default", `${type}.html`), "utf8")).not.toBe(
          readFileSync(path.join(DIR, locale, `${type}.html`), "utf8"),
        );
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    expect(want.ok ? "" : want.error).toBe("");
    const got = renderOurs(engine, { ...c, context: c.ours });
    expect(got.ok ? "" : got.error).toBe("");
    expect(got.ok && got.out).toBe(want.ok && want.out);
  });
});
