import { describe, expect, it } from "vitest";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { CORPUS, HOSTILE, sampleDate } from "./corpus.js";
import { renderOurs, toOracleContext } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const engine = new TemplateEngine();
const context = { ...HOSTILE, start: sampleDate("es") };
const cases: (OracleCase & { ours: Record<string, unknown> })[] = CORPUS.flatMap(([name, source]) =>
  [true, false].map((autoescape) => ({
    id: `${name} [${autoescape ? "html" : "text"}]`,
    source,
    autoescape,
    context: toOracleContext(context) as Record<string, unknown>,
    ours: context,
  })),
);
const expected = runJinja2(cases);

describe("templates render byte-identical to Jinja2 3.1", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    const got = renderOurs(engine, { ...c, context: c.ours });
    if (want.ok) {
      expect(got.ok ? "" : got.error).toBe("");
      expect(got.ok && got.out).toBe(want.out);
    } else expect(got.ok, `Jinja2 failed with ${want.error}; we rendered ${JSON.stringify(got)}`).toBe(false);
  });
});
