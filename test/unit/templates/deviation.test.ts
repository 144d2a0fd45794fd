import { describe, expect, it } from "vitest";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

// The one documented deviation (src/core/templates/README.md, "Template dialect"): a null value
// printed with {{ }} renders as "" where plain Jinja2 prints "None".
const SOURCE = "Motivo: {{ reason }}|{{ d.c }}|{{ [reason] }}|{{ reason ~ '' }}|{{ none }}";
const cases: OracleCase[] = [true, false].flatMap((autoescape) =>
  [false, true].map((plain) => ({
    id: `${autoescape}-${plain}`,
    source: SOURCE,
    autoescape,
    plain,
    context: { reason: null, d: { c: null } },
  })),
);
const oracle = runJinja2(cases);
const engine = new TemplateEngine();

describe("None prints as an empty string (documented deviation)", () => {
  it.each([true, false])(
    "autoescape %s: equals Jinja2 with finalize, differs from plain Jinja2 only in the bare prints",
    (autoescape) => {
      const ours = engine.renderString(SOURCE, { reason: null, d: { c: null } }, { autoescape });
      expect(ours).toBe((oracle.get(`${autoescape}-false`) as { out: string }).out);
      const plain = (oracle.get(`${autoescape}-true`) as { out: string }).out;
      expect(plain.startsWith("Motivo: None|None|")).toBe(true);
      expect(ours.startsWith("Motivo: ||")).toBe(true);
      // Inside a list or a concatenation Python's str() still says None, as in Jinja2.
      expect(ours).toContain("|[None]|None|");
    },
  );
});
