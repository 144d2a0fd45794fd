import type { FastifyInstance, FastifyRequest } from "fastify";
import { keepFloats, parseJsonFloats } from "../core/json-floats.js";

/** Request bodies that hold a float such as `1200.0`, parsed keeping it (see core/json-floats.ts). */
const FLOATS = new WeakMap<FastifyRequest, unknown>();

/**
 * Fastify's own JSON body parser (same poisoning checks, same errors); a body that writes an
 * integral float (`"total": 1200.0`) is also kept parsed with its floats, for `bodyFloats`.
 * Routes see plain numbers, so schemas validate as before.
 */
export function keepJsonFloats(server: FastifyInstance): void {
  const parse = server.getDefaultJsonParser("error", "error");
  server.removeContentTypeParser("application/json");
  server.addContentTypeParser("application/json", { parseAs: "string" }, (req, body, done) => {
    parse(req, body as string, (err: Error | null, value?: unknown) => {
      if (!err && value !== null && typeof value === "object") {
        try {
          const floats = parseJsonFloats(body as string);
          if (floats !== undefined) FLOATS.set(req, floats);
        } catch {
          // Too deep for the reviver: the body is used as parsed, its floats as ints.
        }
      }
      done(err, value);
    });
  });
}

/**
 * `value` (the validated `body[key]`, e.g. an event's payload or a preview's context) with the
 * floats its JSON wrote (`1200.0`) as boxed Numbers: templates print them as floats.
 */
export function bodyFloats<T>(req: FastifyRequest, value: T, key: string): T {
  const floats = FLOATS.get(req);
  if (floats === undefined || floats === null || typeof floats !== "object") return value;
  return keepFloats(value, Object.hasOwn(floats, key) ? (floats as Record<string, unknown>)[key] : undefined);
}
