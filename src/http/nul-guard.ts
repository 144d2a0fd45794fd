import type { FastifyInstance } from "fastify";
import { ValidationError } from "../core/errors.js";

/**
 * The path (`first_name`, `settings.welcome.enabled`, `query.q`, `params.id`) of the first
 * string holding a NUL byte, or null. PostgreSQL refuses NUL in text, so such a string would
 * otherwise fail deep in a query. Walks iteratively: a deeply nested body cannot overflow
 * the stack. Keys are checked as well as values.
 */
export function findNulByte(value: unknown, prefix: string[] = []): string | null {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: prefix }];
  while (stack.length) {
    const { value: v, path } = stack.pop()!;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return path.join(".") || "body";
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: [...path, String(i)] });
    } else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        const at = [...path, k.replaceAll("\u0000", "\\0")];
        if (k.includes("\u0000")) return at.join(".");
        stack.push({ value: child, path: at });
      }
    }
  }
  return null;
}

/** One check for every API route, before its own validation: a NUL byte is a 422 naming the field. */
export function rejectNulBytes(api: FastifyInstance): void {
  api.addHook("preValidation", async (request) => {
    const field =
      findNulByte(request.params, ["params"]) ??
      findNulByte(request.query, ["query"]) ??
      findNulByte(request.body, []);
    if (field) throw ValidationError.field(field, "must not contain NUL (\\u0000) characters", "nul_byte");
  });
}
