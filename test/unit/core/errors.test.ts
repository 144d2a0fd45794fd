import { STATUS_CODES } from "node:http";
import { describe, expect, it } from "vitest";
import {
  type AppError,
  ConflictError,
  ERROR_CATALOGUE,
  ERROR_CODES,
  FIELD_ERROR_CODES,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthorizedError,
  ValidationError,
} from "../../../src/core/errors.js";

describe("error catalogue", () => {
  it("gives every code a valid HTTP error status and a title", () => {
    for (const code of ERROR_CODES) {
      const { status, title } = ERROR_CATALOGUE[code];
      expect(STATUS_CODES[status], code).toBeDefined();
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
      expect(title.trim(), code).not.toBe("");
    }
  });

  it("has unique codes, in snake_case, in both lists", () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect(new Set(FIELD_ERROR_CODES).size).toBe(FIELD_ERROR_CODES.length);
    for (const code of [...ERROR_CODES, ...FIELD_ERROR_CODES]) expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });

  it("keeps the codes clients already translate", () => {
    expect(ERROR_CODES).toEqual(
      expect.arrayContaining([
        "validation_failed",
        "not_found",
        "conflict",
        "unauthorized",
        "forbidden",
        "rate_limited",
        "smtp_host_refused",
        "template_syntax",
        "template_limit",
        "template_render",
        "payload_too_large",
        "malformed_json",
        "unsupported_media_type",
        "internal",
      ]),
    );
    expect(FIELD_ERROR_CODES).toEqual(
      expect.arrayContaining(["required", "unknown_field", "invalid_type", "too_long", "nul_byte"]),
    );
  });

  it("takes each typed error's status and title from its code", () => {
    const cases: [AppError, string, number][] = [
      [ValidationError.field("port", "is not valid"), "validation_failed", 422],
      [new NotFoundError("patient"), "not_found", 404],
      [new ConflictError("already cancelled"), "conflict", 409],
      [new UnauthorizedError(), "unauthorized", 401],
      [new ForbiddenError("notifications.send"), "forbidden", 403],
      [new RateLimitedError(), "rate_limited", 429],
    ];
    for (const [err, code, status] of cases) {
      expect(err.code).toBe(code);
      expect(err.status).toBe(status);
      expect(err.title).toBe(ERROR_CATALOGUE[err.code].title);
    }
  });

  it("names what was not found and which permission is missing in params", () => {
    expect(new NotFoundError("template").params).toEqual({ resource: "template" });
    expect(new ForbiddenError("notifications.send").params).toEqual({ permission: "notifications.send" });
  });

  it("keeps a field code given to ValidationError.field", () => {
    expect(ValidationError.field("timezone", "bad", "invalid_timezone").errors).toEqual([
      { field: "timezone", message: "bad", code: "invalid_timezone" },
    ]);
    expect(ValidationError.field("port", "bad").errors).toEqual([{ field: "port", message: "bad" }]);
  });
});
