import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

// A patient link's last path segment is a signed token valid for months: whoever reads a
// log line holding it could change that patient's preferences.
const PATIENT_LINK = /(\/p\/[A-Za-z_-]+\/)[^\s"'?#/\\]+/g;
// Bearer tokens and any other JWT that ends up in a message or an error.
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]+/g;

/** The line as it may be written: patient link tokens and JWTs replaced by [redacted]. */
export function redactSecretsInLine(line: string): string {
  return line.replace(PATIENT_LINK, "$1[redacted]").replace(JWT, "[redacted]");
}

/**
 * Structured logs on stderr, so that CLI commands keep stdout for their JSON.
 * Anything that looks like a secret is redacted wherever it appears: known fields by name,
 * and link tokens and JWTs anywhere in the written line, at every level.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: [
          "password",
          "*.password",
          "*.*.password",
          "password_encrypted",
          "*.password_encrypted",
          "passwordEncrypted",
          "*.passwordEncrypted",
          "req.headers.authorization",
          "token",
          "*.token",
        ],
        censor: "[redacted]",
      },
      hooks: { streamWrite: redactSecretsInLine },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
}
