import { z } from "zod";
import { ERROR_CODES, FIELD_ERROR_CODES } from "../core/errors.js";

/**
 * Response schemas shared by every route. Fastify serializes each answer through its route's
 * schema, and objects are strict: a field a view gains without its schema fails the tests with
 * a 500 instead of being silently dropped. The same schemas make the OpenAPI document (and the
 * web's generated types) complete.
 */

export const fieldErrorSchema = z
  .strictObject({
    field: z.string(),
    code: z.enum(FIELD_ERROR_CODES),
    message: z.string(),
    line: z.number().int().optional(),
    column: z.number().int().optional(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: "FieldError" });

export const problemSchema = z
  .strictObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(ERROR_CODES),
    detail: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    errors: z.array(fieldErrorSchema).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details; `code` is stable (docs/api.md)" });

const problemContent = {
  description: "application/problem+json",
  content: { "application/problem+json": { schema: problemSchema } },
};

/** `{"data": …}` */
export const dataOf = <T extends z.ZodType>(schema: T) => z.strictObject({ data: schema });

/** `{"data": [...], "total", "page", "page_size"}` */
export const pageOf = <T extends z.ZodType>(schema: T) =>
  z.strictObject({
    data: z.array(schema),
    total: z.number().int(),
    page: z.number().int(),
    page_size: z.number().int(),
  });

/** No body (204). */
export const noContent = z.null().describe("No content");

/** A route's responses: its successes, and problem+json for every 4xx and 5xx. */
export function responses<T extends Record<number, z.ZodType>>(ok: T) {
  return { ...ok, "4xx": problemContent, "5xx": problemContent };
}

/** An ISO 8601 timestamp, as the API writes it. */
export const isoString = z.string().meta({ format: "date-time" });
