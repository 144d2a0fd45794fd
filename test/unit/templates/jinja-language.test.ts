import { describe, expect, it } from "vitest";
import { TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { HOSTILE } from "./corpus.js";
import { BUILTINS, LANGUAGE, NAMED } from "./corpus-language.js";
import { renderOurs } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const context = {
  ...HOSTILE,
  seq: ["a", "<b>"],
  tree: [
    {
      title: "a",
      children: [
        { title: "a1", children: [] },
        { title: "a2", children: [{ title: "a2x" }] },
      ],
    },
    { title: "b", children: [] },
  ],
};
const engine = new TemplateEngine();
const cases: OracleCase[] = [...LANGUAGE, ...BUILTINS].flatMap(([name, source]) =>
  [true, false].map((autoescape) => ({
    id: `${name} [${autoescape ? "html" : "text"}]`,
    source,
    autoescape,
    layouts: NAMED,
    context,
  })),
);
const expected = runJinja2(cases);

describe("the whole sandboxed language renders byte-identical to Jinja2 3.1", () => {
  it.each(cases.map((c) => [c.id, c] as const))("%s", (_id, c) => {
    const want = expected.get(c.id)!;
    const got = renderOurs(engine, c);
    if (!want.ok)
      return expect(got.ok, `Jinja2 failed with ${want.error}; we rendered ${JSON.stringify(got)}`).toBe(
        false,
      );
    expect(got.ok ? "" : got.error).toBe("");
    expect(got.ok && got.out).toBe(want.out);
  });
});
