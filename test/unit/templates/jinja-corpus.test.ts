/**
 * A corpus of realistic email templates (test/fixtures/jinja-corpus: layouts, macro libraries,
 * partials and the emails that use them, each email with a small JSON context) rendered by
 * real Jinja2 3.1 and by our engine: every one must come out byte-identical, and none may be
 * refused by us while Jinja2 renders it (the list of accepted refusals is empty).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseJson } from "../../../src/core/json-floats.js";
import { dateNames, TemplateDate, TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import { renderOurs, toOracleContext } from "./differential.js";
import { type OracleCase, runJinja2 } from "./oracle.js";

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../fixtures/jinja-corpus");

/**
 * Templates of the corpus that Jinja2 renders and we refuse, each with the documented reason
 * (README, Template dialect). Empty: every template of the corpus renders.
 */
const REFUSED_BY_DESIGN: Record<string, string> = {};

/** `{"$date": "2026-12-01T10:30:00", "$locale": "es"}` in a context is a date value (start_time). */
function withDates(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withDates);
  if (v === null || typeof v !== "object" || v instanceof Number) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.$date === "string") {
    const [date, time] = o.$date.split("T") as [string, string];
    const [year, month, day] = date.split("-").map(Number) as [number, number, number];
    const [hour, minute, second] = time.split(":").map(Number) as [number, number, number];
    const fields = { year, month, day, hour, minute, second, microsecond: 0 };
    return new TemplateDate(fields, dateNames(String(o.$locale ?? "es")));
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, withDates(x)]));
}

const files = readdirSync(DIR).filter((f) => !f.endsWith(".json") && !f.endsWith(".md"));
const named = Object.fromEntries(files.map((f) => [f, readFileSync(path.join(DIR, f), "utf8")]));
const emails = files.filter((f) => readdirSync(DIR).includes(`${f}.json`));
const cases = emails.map((name) => {
  const context = withDates(parseJson(readFileSync(path.join(DIR, `${name}.json`), "utf8"))) as Record<
    string,
    unknown
  >;
  return {
    id: name,
    source: named[name]!,
    // HTML emails are rendered with escaping, subjects and text parts without, as the service does.
    autoescape: name.endsWith(".html"),
    layouts: named,
    context: toOracleContext(context) as Record<string, unknown>,
    ours: context,
  } satisfies OracleCase & { ours: Record<string, unknown> };
});
const expected = runJinja2(cases);
const engine = new TemplateEngine();

describe("a corpus of real-world email templates renders byte-identical to Jinja2 3.1", () => {
  it("holds enough templates, every email has a context, and Jinja2 renders every one", () => {
    expect(emails.length).toBeGreaterThanOrEqual(40);
    const failed = cases.filter((c) => !expected.get(c.id)!.ok).map((c) => [c.id, expected.get(c.id)]);
    expect(failed).toEqual([]);
  });

  it.each(cases.map((c) => [c.id, c] as const))("%s", (id, c) => {
    const want = expected.get(id)!;
    const got = renderOurs(engine, { ...c, context: c.ours });
    if (!want.ok) return;
    if (id in REFUSED_BY_DESIGN) return expect(got.ok).toBe(false);
    expect(got.ok ? "" : got.error).toBe("");
    expect(got.ok && got.out).toBe(want.out);
  });

  it("refuses none of them (no template is refused without a documented reason)", () => {
    const refused = cases.filter((c) => !renderOurs(engine, { ...c, context: c.ours }).ok).map((c) => c.id);
    expect(refused.sort()).toEqual(Object.keys(REFUSED_BY_DESIGN).sort());
  });
});
