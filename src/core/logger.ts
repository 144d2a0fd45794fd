import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured logs on stderr, so that CLI commands keep stdout for their JSON.
 * Anything that looks like a secret is redacted wherever it appears.
 */
export function createLogger(level: string): Logger {
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
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
