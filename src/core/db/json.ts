import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { parseJson } from "../json-floats.js";

/**
 * A jsonb column read as its text and parsed keeping float-ness (`1200.0` stays a float; the
 * drivers' own JSON.parse would give 1200): for what templates will render.
 */
export function jsonWithFloats(column: AnyPgColumn): SQL<Record<string, unknown>> {
  return sql`${column}::text`.mapWith((text: string) => parseJson(text) as Record<string, unknown>);
}
