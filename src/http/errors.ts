import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type FieldError } from "../core/errors.js";
import {
  TemplateLimitError,
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "../core/templates/index.js";

const PROBLEM = "application/problem+json";

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail: string,
  errors?: FieldError[],
): FastifyReply {
  const body: Record<string, unknown> = { type: "about:blank", title, status, detail };
  if (errors?.length) body.errors = errors;
  return reply.code(status).type(PROBLEM).send(body);
}

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { keys?: string[]; input?: unknown; expected?: string };
}

/** A field name from the request's point of view: `port`, `settings.welcome.enabled`, `params.id`, `query.page`. */
function fieldOf(context: string, item: ValidationItem): string {
  const path = (item.instancePath ?? "").split("/").filter(Boolean);
  if (item.keyword === "unrecognized_keys" && item.params?.keys?.length) path.push(item.params.keys[0]!);
  const prefix = context === "body" ? [] : [context === "querystring" ? "query" : context];
  const parts = [...prefix, ...path];
  return parts.length ? parts.join(".") : context;
}

function messageOf(item: ValidationItem): string {
  if (item.keyword === "unrecognized_keys") return "unknown field";
  if (item.keyword === "invalid_type" && item.params?.input === undefined) return "is required";
  return item.message ?? "is not valid";
}

/** Every error leaves as RFC 9457 problem+json; nothing unexpected leaks a stack or internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request, reply) => {
    const error = err as FastifyError;
    if (err instanceof AppError) return sendProblem(reply, err.status, err.title, err.message, err.errors);
    if (err instanceof TemplateSyntaxError) {
      return sendProblem(reply, 422, "Invalid template", err.message, [
        { field: err.field ?? "body_html", message: err.message, line: err.line, column: err.column },
      ]);
    }
    if (err instanceof TemplateRenderError) {
      // A limit hit, a missing layout or a value misused in the template: the template's author
      // can fix it, so it is theirs to see (never a 500).
      const field = err.field ?? (err instanceof TemplateNotFoundError ? "template_key" : "body_html");
      const where = err.line === undefined ? {} : { line: err.line, column: err.column };
      const title =
        err instanceof TemplateLimitError ? "Template limit exceeded" : "Template could not be rendered";
      return sendProblem(reply, 422, title, err.message, [{ field, message: err.message, ...where }]);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? "body";
      const errors = (error.validation as ValidationItem[]).map((v) => ({
        field: fieldOf(where, v),
        message: messageOf(v),
      }));
      return sendProblem(
        reply,
        422,
        "Invalid request",
        errors.map((e) => `${e.field}: ${e.message}`).join("; "),
        errors,
      );
    }
    const status = error.statusCode ?? 500;
    if (
      error.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      error.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
      (error instanceof SyntaxError && status === 400)
    ) {
      return sendProblem(reply, 400, "Malformed JSON", "the request body is not valid JSON", [
        { field: "body", message: "not valid JSON" },
      ]);
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendProblem(reply, 413, "Payload too large", "the request body is too large", [
        { field: "body", message: "too large" },
      ]);
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return sendProblem(reply, 415, "Unsupported media type", "send application/json", [
        { field: "content-type", message: "expected application/json" },
      ]);
    }
    if (status === 429) return sendProblem(reply, 429, "Too many requests", error.message);
    if (status >= 400 && status < 500) return sendProblem(reply, status, "Bad request", error.message);
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, 500, "Internal error", "something went wrong on our side; it has been logged");
  });
}
