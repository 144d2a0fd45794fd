import type { FailureKind, SmtpStep } from "./types.js";

/**
 * What went wrong with an SMTP attempt, decided from the error alone (plus the settings
 * that were used): whether trying again later can help, at which step it failed, and a
 * sentence a clinic receptionist can act on. Pure; see test/unit/email/classify.test.ts.
 */
export interface SmtpErrorClass {
  kind: FailureKind;
  step: SmtpStep;
  smtpCode: number | null;
  message: string;
}

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

function stepOfCommand(command: string | undefined): SmtpStep | null {
  const c = (command ?? "").toUpperCase();
  if (c === "CONN" || c === "EHLO" || c === "HELO" || c === "LHLO" || c === "GREETING") return "connect";
  if (c.startsWith("STARTTLS")) return "tls";
  if (c.startsWith("AUTH")) return "auth";
  if (c.startsWith("MAIL") || c.startsWith("RCPT") || c === "DATA" || c === "RSET" || c === "BDAT")
    return "send";
  return null;
}

/** The server's words without the reply code, on one line and not too long. */
function serverSaid(e: ErrorLike, code: number): string {
  const raw = (e.response ?? e.message ?? "").replace(/\s+/g, " ").trim();
  const text = raw.replace(new RegExp(`^.*?\\b${code}[ -]`), "").slice(0, 200);
  return text ? `${code} ${text}` : String(code);
}

function replyClass(e: ErrorLike, code: number, where: string): SmtpErrorClass {
  const step = stepOfCommand(e.command) ?? (e.code === "EAUTH" ? "auth" : "send");
  const said = serverSaid(e, code);
  // RFC 5321: 4yz is a transient failure. 503 (bad sequence of commands) is a session-state
  // problem rather than a verdict on the message, so a new connection can succeed.
  const transient = (code >= 400 && code < 500) || code === 503 || code < 400;
  const kind: FailureKind = transient ? "transient" : "permanent";
  const r = (message: string): SmtpErrorClass => ({ kind, step, smtpCode: code, message });
  if (step === "auth" || code === 535 || code === 534) {
    if (code === 534)
      return {
        ...r(`the server wants an app password or a more secure sign-in for this account (${said})`),
        step: "auth",
      };
    if (code === 530 || e.code === "ENOAUTH")
      return {
        ...r(`the server requires a username and password: enter them in the SMTP settings (${said})`),
        step: "auth",
      };
    if (transient)
      return {
        ...r(`the server could not check the password right now (${said}); it will be tried again`),
        step: "auth",
      };
    return {
      ...r(
        `authentication failed: the server rejected the username or password (${said}). Check them; Gmail and Outlook need an app password, not the account password`,
      ),
      step: "auth",
    };
  }
  if (code === 530)
    return {
      ...r(`the server requires a username and password: enter them in the SMTP settings (${said})`),
      step: "auth",
    };
  if (step === "tls")
    return r(
      `${where} could not start TLS (STARTTLS) (${said}). Check the port: usually 587 for TLS, 465 for SSL`,
    );
  if (step === "connect") {
    return transient
      ? r(`${where} is busy or not accepting mail right now (${said}); it will be tried again`)
      : r(`${where} refused the connection (${said})`);
  }
  if (transient)
    return r(`the mail server asked to try again later (${said}); it will be retried automatically`);
  const cmd = (e.command ?? "").toUpperCase();
  if (code === 552) return r(`the message is too large for the mail server (${said})`);
  if (cmd.startsWith("MAIL"))
    return r(
      `the mail server refused the sender address (${said}): the From email must be an address this account may send as`,
    );
  if (cmd.startsWith("RCPT"))
    return r(`the mail server refused the recipient address (${said}): check the email address`);
  return r(`the mail server refused the message (${said})`);
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
    return replyClass(e, e.responseCode, where);
  }
  if (e.code === "ETLS") {
    const said = e.responseCode ? ` (${serverSaid(e, e.responseCode)})` : "";
    return r(
      "permanent",
      "tls",
      `${where} does not offer TLS (STARTTLS)${said}. Check the port: usually 587 for TLS, 465 for SSL`,
      e.responseCode ?? null,
    );
  }
  if (e.code === "EAUTH" || e.code === "ENOAUTH") {
    const msg =
      e.code === "ENOAUTH"
        ? "a username is set but the password is missing: enter the password in the SMTP settings"
        : `authentication failed (${(e.message ?? "").slice(0, 200)}). Check the username and password`;
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
    `unexpected error talking to ${where}: ${(e.message ?? "unknown").slice(0, 200)}`,
  );
}
