/**
 * Every error a client can receive, in one catalogue: a stable `code` (clients translate it),
 * its HTTP status and its problem+json title. Typed errors below carry a code from here;
 * src/http/errors.ts maps them (and the framework's and the template engine's) to responses.
 * Codes are part of the API: add new ones, never rename one.
 */
export const ERROR_CATALOGUE = {
  bad_request: { status: 400, title: "Bad request" },
  malformed_json: { status: 400, title: "Malformed JSON" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  not_found: { status: 404, title: "Not found" },
  conflict: { status: 409, title: "Conflict" },
  payload_too_large: { status: 413, title: "Payload too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  validation_failed: { status: 422, title: "Invalid request" },
  smtp_host_refused: { status: 422, title: "Invalid request" },
  webhook_url_refused: { status: 422, title: "Invalid request" },
  template_syntax: { status: 422, title: "Invalid template" },
  template_limit: { status: 422, title: "Template limit exceeded" },
  template_render: { status: 422, title: "Template could not be rendered" },
  rate_limited: { status: 429, title: "Too many requests" },
  internal: { status: 500, title: "Internal error" },
  not_ready: { status: 503, title: "Not ready" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]];

/**
 * Why one field was refused: `errors[].code`. Request validation gives the generic ones
 * (required … invalid_value); the others name a rule of this service.
 */
export const FIELD_ERROR_CODES = [
  // request validation
  "required",
  "unknown_field",
  "invalid_type",
  "invalid_format",
  "invalid_value",
  "too_short",
  "too_long",
  "too_small",
  "too_big",
  "nul_byte",
  "control_characters",
  // the body as a whole
  "malformed_json",
  "payload_too_large",
  "unsupported_media_type",
  // rules of this service
  "smtp_host_refused",
  "webhook_url_refused",
  "tls_and_ssl",
  "invalid_ca_certificate",
  "invalid_timezone",
  "end_before_start",
  "unsupported_locale",
  "unknown_notification_type",
  "clinic_mismatch",
  "event_not_publishable",
  "template_syntax",
  "template_limit",
  "template_render",
  "template_not_found",
] as const;

export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];

export interface FieldError {
  field: string;
  message: string;
  /** From FIELD_ERROR_CODES; left out, the error's own code (or `invalid_value`) is used. */
  code?: FieldErrorCode;
  line?: number;
  column?: number;
  /** Values a client may put into its own wording of the error (`{line}`, `{expected}`). */
  params?: ErrorParams;
}

/** Values a client may put into its own wording of an error (`{permission}`, `{resource}`). */
export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = new.target.name;
    this.status = ERROR_CATALOGUE[code].status;
    this.title = ERROR_CATALOGUE[code].title;
  }
}

export class ValidationError extends AppError {
  constructor(
    errors: FieldError[],
    message = errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    code: ErrorCode = "validation_failed",
  ) {
    super(code, message, errors);
  }
  static field(field: string, message: string, code?: FieldErrorCode): ValidationError {
    return new ValidationError([code ? { field, message, code } : { field, message }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super("not_found", `${what} not found`, undefined, { resource: what });
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super("conflict", message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "a valid bearer token is required") {
    super("unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(permission: string) {
    super("forbidden", `missing permission ${permission}`, undefined, { permission });
  }
}

export class RateLimitedError extends AppError {
  constructor(message = "too many requests; try again in a minute") {
    super("rate_limited", message);
  }
}
