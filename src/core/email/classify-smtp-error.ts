import { classifyReply, serverSaid, stepOfCommand } from "./smtp-replies.js";
import type { FailureKind, SmtpErrorClass, SmtpStep } from "./types.js";

/**
 * What went wrong with an SMTP attempt, decided from the error alone (plus the settings
 * that were used): whether trying again later can help, at which step it failed, and a
 * sentence a clinic receptionist can act on. Pure; see test/unit/email/classify.test.ts.
 */
export interface SmtpErrorContext {
  host?: string;
  port?: number;
  useTls?: boolean;
  useSsl?: boolean;
  /** Set after a greeting timeout when a TLS handshake on the same port succeeded. */
  implicitTlsDetected?: boolean;
  connectionTimeoutMs?: number;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  originalCode?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  timeoutType?: string;
  step?: SmtpStep;
  kind?: FailureKind;
}

const CERT_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: "it is self-signed",
  SELF_SIGNED_CERT_IN_CHAIN: "it is signed by an untrusted, self-signed authority",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "its issuer is unknown",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "its issuer is unknown",
  UNABLE_TO_GET_ISSUER_CERT: "its issuer is unknown",
  CERT_HAS_EXPIRED: "it has expired",
  CERT_NOT_YET_VALID: "it is not valid yet",
  ERR_TLS_CERT_ALTNAME_INVALID: "it was issued for a different host name",
  CERT_REVOKED: "it was revoked",
};
// What a TLS client sees when the other side answers in plain text (SSL against a plain port).
const PLAINTEXT_REPLY = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_UNKNOWN_PROTOCOL",
  "ERR_SSL_HTTP_REQUEST",
  "ERR_SSL_RECORD_LENGTH_MISMATCH",
]);
const NETWORK_TRANSIENT: Record<string, string> = {
  ECONNREFUSED: "the connection was refused. Check the host and port, and that the mail server is running",
  ECONNRESET: "the connection was interrupted",
  ECONNABORTED: "the connection was interrupted",
  EPIPE: "the connection was interrupted",
  ETIMEDOUT: "the connection timed out",
  EHOSTUNREACH:
    "the server cannot be reached from here. Check the host, and that the network allows outgoing SMTP",
  ENETUNREACH: "the network is unreachable from here",
  EHOSTDOWN: "the server is down",
  ENETDOWN: "the network is down",
  EAI_AGAIN: "the server name could not be looked up right now (temporary DNS failure)",
};

/** Error text safe to show: one line, bounded. */
function oneLine(text: string | undefined): string {
  return (text ?? "").replace(/\s+/g, " ").trim().slice(0, 200);
}

export function classifySmtpError(err: unknown, ctx: SmtpErrorContext = {}): SmtpErrorClass {
  const e: ErrorLike =
    typeof err === "object" && err !== null ? (err as ErrorLike) : { message: String(err) };
  const where = ctx.host ? `${ctx.host}:${ctx.port ?? ""}`.replace(/:$/, "") : "the mail server";
  const port = ctx.port !== undefined ? `port ${ctx.port}` : "this port";
  const low = e.originalCode ?? e.code ?? "";
  const r = (
    kind: FailureKind,
    step: SmtpStep,
    message: string,
    smtpCode: number | null = null,
  ): SmtpErrorClass => ({
    kind,
    step,
    smtpCode,
    message,
  });

  // Our own typed errors (refused host, impossible settings) carry their verdict.
  if (e.name === "SmtpHostRefusedError" || e.name === "SmtpSettingsError") {
    return r("permanent", e.step ?? "connect", e.message ?? "invalid SMTP settings");
  }
  if (PLAINTEXT_REPLY.has(low) || PLAINTEXT_REPLY.has(e.code ?? "")) {
    return r(
      "permanent",
      "tls",
      `${port} expects TLS (STARTTLS) or no encryption, not SSL: turn off SSL and turn on TLS`,
    );
  }
  const cert = CERT_PROBLEMS[low] ?? CERT_PROBLEMS[e.code ?? ""];
  if (cert) {
    return r(
      "permanent",
      "tls",
      `the server's security certificate is not trusted: ${cert}. Check the host name, or ask the email provider`,
    );
  }
  if (e.code === "ETIMEDOUT" && e.timeoutType === "GREETING_TIMEOUT" && !ctx.useSsl) {
    if (ctx.implicitTlsDetected || ctx.port === 465) {
      return r("permanent", "tls", `${port} expects SSL, not TLS: turn on SSL and turn off TLS`);
    }
    return r(
      "transient",
      "connect",
      `${where} accepted the connection but never greeted us. If ${port} expects SSL (like 465), turn on SSL instead of TLS`,
    );
  }
  if (e.code === "ETIMEDOUT" || e.timeoutType) {
    if (e.timeoutType === "UPGRADE_TIMEOUT")
      return r("transient", "tls", `${where} did not finish the TLS handshake in time`);
    const step = e.timeoutType === "SOCKET_TIMEOUT" ? (stepOfCommand(e.command) ?? "send") : "connect";
    const secs = ctx.connectionTimeoutMs
      ? ` within ${Math.round(ctx.connectionTimeoutMs / 1000)} s`
      : " in time";
    if (step === "connect") {
      return r(
        "transient",
        "connect",
        `no answer from ${where}${secs}. Check the host and port, and that the network allows outgoing SMTP`,
      );
    }
    return r(
      "transient",
      step,
      `${where} stopped answering in the middle of the conversation; it will be tried again`,
    );
  }
  if (typeof e.responseCode === "number" && e.responseCode > 0 && e.code !== "ETLS") {
    return classifyReply(
      { code: e.responseCode, response: e.response ?? e.message, command: e.command, errorCode: e.code },
      where,
    );
  }
  if (e.code === "ETLS") {
    if (!e.responseCode) {
      return r(
        "permanent",
        "tls",
        `${where} could not start TLS (${oneLine(e.message)}). Check the TLS and SSL settings`,
      );
    }
    const said = serverSaid(e.response ?? e.message, e.responseCode);
    const msg = `${where} does not offer TLS (STARTTLS) (${said}). Check the port: usually 587 for TLS, 465 for SSL`;
    return r("permanent", "tls", msg, e.responseCode);
  }
  if (e.code === "EAUTH" || e.code === "ENOAUTH") {
    const msg =
      e.code === "ENOAUTH" || /missing credentials/i.test(e.message ?? "")
        ? "a username is set but the password is missing: enter the password in the SMTP settings"
        : `authentication failed (${oneLine(e.message)}). Check the username and password`;
    return r("permanent", "auth", msg);
  }
  if (low === "ENOTFOUND" || low === "EAI_NONAME") {
    return r(
      "permanent",
      "connect",
      `the mail server name "${ctx.host ?? "?"}" was not found. Check the host name`,
    );
  }
  const net = NETWORK_TRANSIENT[low];
  if (net) {
    const step = stepOfCommand(e.command) ?? "connect";
    return r("transient", step, `could not talk to ${where}: ${net}`);
  }
  if (
    e.code === "ECONNECTION" ||
    e.code === "ESOCKET" ||
    e.code === "EDNS" ||
    /pool was closed/i.test(e.message ?? "")
  ) {
    return r(
      "transient",
      stepOfCommand(e.command) ?? "connect",
      `the connection to ${where} closed unexpectedly; it will be tried again`,
    );
  }
  return r(
    "transient",
    stepOfCommand(e.command) ?? "send",
    `unexpected error talking to ${where}: ${oneLine(e.message) || "unknown"}`,
  );
}
