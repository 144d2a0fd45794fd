import { describe, expect, it } from "vitest";
import { classifySmtpError, type SmtpErrorContext } from "../../../src/core/email/classify-smtp-error.js";
import { SmtpHostRefusedError } from "../../../src/core/email/host-guard.js";
import { SmtpSettingsError } from "../../../src/core/email/smtp-options.js";

// Error objects shaped exactly as nodemailer 10 produces them (recorded against smtp-server).
const reply = (code: number, command: string, text: string, code2 = "EENVELOPE") => ({
  code: code2,
  responseCode: code,
  command,
  response: `${code} ${text}`,
  message: `Failed: ${code} ${text}`,
});
const sock = (originalCode: string, message = originalCode) => ({
  code: "ESOCKET",
  originalCode,
  command: "CONN",
  message,
});
const ctx: SmtpErrorContext = {
  host: "smtp.clinic.test",
  port: 587,
  useTls: true,
  useSsl: false,
  connectionTimeoutMs: 10_000,
};

type Row = [
  name: string,
  err: unknown,
  kind: "transient" | "permanent",
  step: string,
  code: number | null,
  words: RegExp,
  c?: SmtpErrorContext,
];

// biome-ignore format: one row per case keeps the table readable
const table: Row[] = [
  ["connection refused", sock("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:1"), "transient", "connect", null, /refused.*check the host and port/i],
  ["connection reset", sock("ECONNRESET"), "transient", "connect", null, /interrupted/],
  ["broken pipe while sending", { code: "ESOCKET", originalCode: "EPIPE", command: "DATA" }, "transient", "send", null, /interrupted/],
  ["host unreachable", sock("EHOSTUNREACH"), "transient", "connect", null, /cannot be reached/],
  ["network unreachable", sock("ENETUNREACH"), "transient", "connect", null, /unreachable/],
  ["temporary DNS failure", { code: "EDNS", originalCode: "EAI_AGAIN", command: "CONN" }, "transient", "connect", null, /temporary DNS failure/],
  ["unknown host name", { code: "EDNS", originalCode: "ENOTFOUND", command: "CONN" }, "permanent", "connect", null, /"smtp\.clinic\.test" was not found/],
  ["ENOTFOUND thrown by the host guard's lookup", { code: "ENOTFOUND" }, "permanent", "connect", null, /was not found/],
  ["connect timeout", { code: "ETIMEDOUT", timeoutType: "CONNECT_TIMEOUT", command: "CONN" }, "transient", "connect", null, /no answer from smtp\.clinic\.test:587 within 10 s/],
  ["idle socket timeout mid-send", { code: "ETIMEDOUT", timeoutType: "SOCKET_TIMEOUT", command: "DATA" }, "transient", "send", null, /stopped answering/],
  ["TLS upgrade timeout", { code: "ETIMEDOUT", timeoutType: "UPGRADE_TIMEOUT", command: "STARTTLS" }, "transient", "tls", null, /TLS handshake/],
  ["greeting timeout, port unknown to be implicit TLS", { code: "ETIMEDOUT", timeoutType: "GREETING_TIMEOUT", command: "CONN" }, "transient", "connect", null, /never greeted us.*turn on SSL/],
  ["greeting timeout on 465 with TLS", { code: "ETIMEDOUT", timeoutType: "GREETING_TIMEOUT" }, "permanent", "tls", null, /^port 465 expects SSL, not TLS: turn on SSL and turn off TLS$/, { ...ctx, port: 465 }],
  ["greeting timeout where a TLS handshake worked", { code: "ETIMEDOUT", timeoutType: "GREETING_TIMEOUT" }, "permanent", "tls", null, /^port 2525 expects SSL, not TLS/, { ...ctx, port: 2525, implicitTlsDetected: true }],
  ["SSL against a plain port", sock("ERR_SSL_WRONG_VERSION_NUMBER", "ssl3_get_record:wrong version number"), "permanent", "tls", null, /^port 587 expects TLS \(STARTTLS\) or no encryption, not SSL: turn off SSL and turn on TLS$/, { ...ctx, useTls: false, useSsl: true }],
  ["SSL against a plain port (length too long)", sock("ERR_SSL_PACKET_LENGTH_TOO_LONG"), "permanent", "tls", null, /not SSL/],
  ["STARTTLS not offered", { code: "ETLS", responseCode: 500, command: "STARTTLS", response: "500 Error: command not recognized" }, "permanent", "tls", 500, /does not offer TLS \(STARTTLS\) \(500 Error: command not recognized\)/],
  ["TLS handshake failure after STARTTLS", { code: "ETLS", command: "STARTTLS", message: "tlsv1 alert protocol version" }, "permanent", "tls", null, /could not start TLS \(tlsv1 alert protocol version\)/],
  ["self-signed certificate", sock("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate"), "permanent", "tls", null, /not trusted: it is self-signed/],
  ["expired certificate", { code: "ETLS", originalCode: "CERT_HAS_EXPIRED" }, "permanent", "tls", null, /it has expired/],
  ["certificate for another host", { code: "ERR_TLS_CERT_ALTNAME_INVALID" }, "permanent", "tls", null, /different host name/],
  ["wrong password (535)", { code: "EAUTH", responseCode: 535, command: "AUTH PLAIN", response: "535 5.7.8 Authentication credentials invalid", }, "permanent", "auth", 535, /^authentication failed: .*\(535 5\.7\.8 Authentication credentials invalid\).*app password/],
  ["app password required (534)", { code: "EAUTH", responseCode: 534, command: "AUTH LOGIN", response: "534-5.7.9 Application-specific password required", }, "permanent", "auth", 534, /app password/],
  ["auth temporarily unavailable (454)", { code: "EAUTH", responseCode: 454, command: "AUTH PLAIN", response: "454 4.7.0 Temporary authentication failure", }, "transient", "auth", 454, /right now/],
  ["authentication required at MAIL FROM (530)", reply(530, "MAIL FROM", "Error: authentication Required"), "permanent", "auth", 530, /requires a username and password/],
  ["missing password (ENOAUTH)", { code: "ENOAUTH", message: "Missing credentials" }, "permanent", "auth", null, /password is missing/],
  ["missing password (nodemailer 10)", { code: "EAUTH", command: "API", message: 'Missing credentials for "PLAIN"' }, "permanent", "auth", null, /password is missing/],
  ["auth method not supported", { code: "EAUTH", message: "Authentication failed" }, "permanent", "auth", null, /authentication failed/],
  ["greylisted at RCPT (451)", reply(451, "RCPT TO", "4.7.1 Greylisted"), "transient", "send", 451, /try again later \(451 4\.7\.1 Greylisted\)/],
  ["mailbox busy (450)", reply(450, "RCPT TO", "4.2.1 Mailbox busy"), "transient", "send", 450, /try again later/],
  ["insufficient storage (452)", reply(452, "DATA", "4.3.1 Insufficient system storage", "EMESSAGE"), "transient", "send", 452, /try again later/],
  ["service closing at greeting (421)", reply(421, "CONN", "4.3.2 Too many connections", "EPROTOCOL"), "transient", "connect", 421, /busy or not accepting mail/],
  ["service closing mid-send (421)", reply(421, "MAIL FROM", "4.4.2 Timeout"), "transient", "send", 421, /try again later/],
  ["bad sequence (503) is retried", reply(503, "RCPT TO", "5.5.1 Error: need MAIL command"), "transient", "send", 503, /try again later/],
  ["unknown recipient (550)", reply(550, "RCPT TO", "5.1.1 No such user"), "permanent", "send", 550, /refused the recipient address \(550 5\.1\.1 No such user\): check the email address/],
  ["sender not allowed (553)", reply(553, "MAIL FROM", "5.7.1 Sender address rejected"), "permanent", "send", 553, /refused the sender address.*From email/],
  ["recipient syntax (553 at RCPT)", reply(553, "RCPT TO", "5.1.3 Bad recipient address syntax"), "permanent", "send", 553, /recipient address/],
  ["rejected as spam (554 at DATA)", reply(554, "DATA", "5.7.1 Spam", "EMESSAGE"), "permanent", "send", 554, /refused the message \(554 5\.7\.1 Spam\)/],
  ["too large (552)", reply(552, "DATA", "5.3.4 Message too big", "EMESSAGE"), "permanent", "send", 552, /too large/],
  ["refused at greeting (554)", reply(554, "CONN", "5.7.1 No service for you", "EPROTOCOL"), "permanent", "connect", 554, /refused the connection/],
  ["pooled connection closed unexpectedly", { code: "ECONNECTION", message: "Connection closed unexpectedly" }, "transient", "connect", null, /closed unexpectedly/],
  ["pool closed while queued", { message: "Connection pool was closed" }, "transient", "connect", null, /closed unexpectedly/],
  ["host refused by the SSRF guard", new SmtpHostRefusedError("intranet.test", "10.0.0.5", "private"), "permanent", "connect", null, /10\.0\.0\.5, a private network address, which is not allowed/],
  ["TLS and SSL both on", new SmtpSettingsError("use_ssl", "TLS and SSL cannot both be on", "tls"), "permanent", "tls", null, /cannot both be on/],
  ["something nobody expected", new Error("boom"), "transient", "send", null, /unexpected error talking to smtp\.clinic\.test:587: boom/],
  ["a thrown string", "weird", "transient", "send", null, /weird/],
];

describe("classifySmtpError", () => {
  it.each(table)("%s", (_name, err, kind, step, code, words, c) => {
    const r = classifySmtpError(err, c ?? ctx);
    expect(r).toMatchObject({ kind, step, smtpCode: code });
    expect(r.message).toMatch(words);
  });

  it("never puts a server's line breaks or a huge reply into the message", () => {
    const r = classifySmtpError(
      reply(550, "RCPT TO", `5.1.1 bad\r\nX-Injected: yes ${"x".repeat(1000)}`),
      ctx,
    );
    expect(r.message).not.toMatch(/[\r\n]/);
    expect(r.message.length).toBeLessThan(400);
  });

  it("names the mail server generically when the settings are unknown", () => {
    expect(classifySmtpError(sock("ECONNREFUSED")).message).toMatch(/could not talk to the mail server/);
  });
});
