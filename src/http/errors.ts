import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import {
  AppError,
  ERROR_CATALOGUE,
  type ErrorCode,
  type ErrorParams,
  FIELD_ERROR_CODES,
  type FieldError,
  type FieldErrorCode,
} from "../core/errors.js";
import {
  TemplateLimitError,
  TemplateNotFoundError,
  TemplateRenderError,
  TemplateSyntaxError,
} from "../core/templates/index.js";

const PROBLEM = "application/problem+json";
const FIELD_CODES = new Set<string>(FIELD_ERROR_CODES);

/** A field error as it leaves: always with a code (the error's own when it names a field rule). */
function withCode(e: FieldError, fallback: ErrorCode): FieldError & { code: FieldErrorCode } {
  const code = e.code ?? (FIELD_CODES.has(fallback) ? (fallback as FieldErrorCode) : "invalid_value");
  return { ...e, code };
}

/**
 * The one place a problem+json body is built: `{type, title, status, code, detail, params?,
 * errors?: [{field, code, message, line?, column?}]}`; status and title come from the catalogue.
 */
export function sendProblem(
  reply: FastifyReply,
  code: ErrorCode,
  detail: string,
  errors?: FieldError[],
  params?: ErrorParams,
): FastifyReply {
  const { status, title } = ERROR_CATALOGUE[code];
  const body: Record<string, unknown> = { type: "about:blank", title, status, code, detail };
  if (params && Object.keys(params).length) body.params = params;
  if (errors?.length) body.errors = errors.map((e) => withCode(e, code));
  return reply.code(status).type(PROBLEM).send(body);
}

interface ValidationItem {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: { keys?: string[]; input?: unknown; origin?: string; params?: { code?: string } };
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

/** The value the request carried at the item's path (undefined when it is missing). */
function valueAt(request: FastifyRequest, context: string, item: ValidationItem): unknown {
  const root =
    context === "querystring"
      ? request.query
      : context === "params"
        ? request.params
        : context === "headers"
          ? request.headers
          : request.body;
  let v: unknown = root;
  for (const key of (item.instancePath ?? "").split("/").filter(Boolean)) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function codeOf(item: ValidationItem, present: boolean): FieldErrorCode {
  const lengthy = item.params?.origin === "string" || item.params?.origin === "array";
  switch (item.keyword) {
    case "unrecognized_keys":
      return "unknown_field";
    case "invalid_type":
      return present ? "invalid_type" : "required";
    case "too_big":
      return lengthy ? "too_long" : "too_big";
    case "too_small":
      return lengthy ? "too_short" : "too_small";
    case "invalid_format":
      return "invalid_format";
    case "custom": {
      const own = item.params?.params?.code;
      return own && FIELD_CODES.has(own) ? (own as FieldErrorCode) : "invalid_value";
    }
    default:
      return "invalid_value";
  }
}

function templateProblem(err: TemplateSyntaxError | TemplateRenderError): {
  code: ErrorCode;
  errors: FieldError[];
} {
  if (err instanceof TemplateSyntaxError) {
    const field = err.field ?? "body_html";
    const { line, column } = err;
    // The reason and its values (`expected`, `found`, `name`) let a client word the error itself.
    const params = { reason: err.reason, line, column, ...err.params };
    return {
      code: "template_syntax",
      errors: [{ field, code: "template_syntax", message: err.message, line, column, params }],
    };
  }
  // A limit hit, a missing layout or a value misused in the template: the template's author
  // can fix it, so it is theirs to see (never a 500).
  const notFound = err instanceof TemplateNotFoundError;
  const field = err.field ?? (notFound ? "template_key" : "body_html");
  const code = err instanceof TemplateLimitError ? "template_limit" : "template_render";
  const fieldError: FieldError = {
    field,
    code: notFound ? "template_not_found" : code,
    message: err.message,
  };
  if (err.line !== undefined) {
    const where = { line: err.line, column: err.column ?? 1 };
    Object.assign(fieldError, where, { params: where });
  }
  return { code, errors: [fieldError] };
}

/** Every error leaves as RFC 9457 problem+json; nothing unexpected leaks a stack or internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: unknown, request, reply) => {
    const error = err as FastifyError;
    if (err instanceof AppError) return sendProblem(reply, err.code, err.message, err.errors, err.params);
    if (err instanceof TemplateSyntaxError || err instanceof TemplateRenderError) {
      const { code, errors } = templateProblem(err);
      return sendProblem(reply, code, err.message, errors);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = (error as { validationContext?: string }).validationContext ?? "body";
      const errors = (error.validation as ValidationItem[]).map((v) => ({
        field: fieldOf(where, v),
        code: codeOf(v, valueAt(request, where, v) !== undefined),
        message: messageOf(v),
      }));
      return sendProblem(
        reply,
        "validation_failed",
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
      return sendProblem(reply, "malformed_json", "the request body is not valid JSON", [
        { field: "body", message: "not valid JSON" },
      ]);
    }
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      return sendProblem(reply, "payload_too_large", "the request body is too large", [
        { field: "body", message: "too large" },
      ]);
    }
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return sendProblem(reply, "unsupported_media_type", "send application/json", [
        { field: "content-type", message: "expected application/json" },
      ]);
    }
    if (status === 429) return sendProblem(reply, "rate_limited", error.message);
    if (status >= 400 && status < 500) {
      // A 4xx of the framework the catalogue has no entry for keeps its own status.
      const { title } = ERROR_CATALOGUE.bad_request;
      return reply
        .code(status)
        .type(PROBLEM)
        .send({ type: "about:blank", title, status, code: "bad_request", detail: error.message });
    }
    request.log.error({ err: error }, "unhandled error");
    return sendProblem(reply, "internal", "something went wrong on our side; it has been logged");
  });
}
