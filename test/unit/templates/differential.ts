/** Shared plumbing of the differential suites: encode contexts for Python, render with our engine. */
import { PyDate, TemplateDate, type TemplateEngine } from "../../../src/core/templates/jinja/index.js";
import type { OracleCase } from "./oracle.js";

/** Dates cross to Python as {"__date__": fields and names}; everything else is plain JSON. */
export function toOracleContext(v: unknown): unknown {
  if (v instanceof TemplateDate) {
    const { year, month, day, hour, minute, second, microsecond, names } = v;
    return { __date__: { year, month, day, hour, minute, second, microsecond, names } };
  }
  if (v instanceof PyDate) throw new Error("use TemplateDate in corpus contexts");
  if (v instanceof Number) return v; // a float such as 1200.0, written with its fraction
  if (Array.isArray(v)) return v.map(toOracleContext);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toOracleContext(x)]));
  return v;
}

export type Outcome = { ok: true; out: string } | { ok: false; error: string };

export function renderOurs(engine: TemplateEngine, c: OracleCase): Outcome {
  try {
    const layouts = (name: string) =>
      c.layouts?.[name] !== undefined ? engine.compile(c.layouts[name]!) : undefined;
    return { ok: true, out: engine.renderString(c.source, c.context, { autoescape: c.autoescape, layouts }) };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
}
