import pino, { type DestinationStream, type Logger } from "pino";
import pretty from "pino-pretty";

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
 * Structured logs on stderr, so that CLI commands keep stdout for their JSON: one JSON object
 * a line, or readable lines when stderr is a terminal (a person is watching, not a collector).
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
    destination ?? stderrDestination(),
  );
}

function stderrDestination(): DestinationStream {
  if (process.stderr.isTTY) {
    return pretty({ destination: 2, sync: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" });
  }
  return pino.destination({ fd: 2, sync: false });
}
