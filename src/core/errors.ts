/** Typed errors, mapped once to problem+json in src/http/errors.ts. */

export interface FieldError {
  field: string;
  message: string;
  line?: number;
  column?: number;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], message = errors.map((e) => `${e.field}: ${e.message}`).join("; ")) {
    super(422, "Invalid request", message, errors);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, "Not found", `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, "Conflict", message);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "a valid bearer token is required") {
    super(401, "Unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(permission: string) {
    super(403, "Forbidden", `missing permission ${permission}`);
  }
}

export class RateLimitedError extends AppError {
  constructor(message = "too many requests; try again in a minute") {
    super(429, "Too many requests", message);
  }
}
