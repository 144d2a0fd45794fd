import { isRecipientBounce } from "./recipient-bounce.js";
import type { FailureKind, SmtpErrorClass, SmtpStep } from "./types.js";

/** The SMTP step a command belongs to (nodemailer names the command in flight as `command`). */
export function stepOfCommand(command: string | undefined): SmtpStep | null {
  const c = (command ?? "").toUpperCase();
  if (["CONN", "EHLO", "HELO", "LHLO", "GREETING"].includes(c)) return "connect";
  if (c.startsWith("STARTTLS")) return "tls";
  if (c.startsWith("AUTH")) return "auth";
  if (c.startsWith("MAIL") || c.startsWith("RCPT") || ["DATA", "RSET", "BDAT"].includes(c)) return "send";
  return null;
}

/** The server's words with their code, on one line and not too long. */
export function serverSaid(response: string | undefined, code: number): string {
  const raw = (response ?? "").replace(/\s+/g, " ").trim();
  const text = raw.replace(new RegExp(`^.*?\\b${code}[ -]`), "").slice(0, 200);
  return text ? `${code} ${text}` : String(code);
}

export interface SmtpReply {
  code: number;
  response?: string;
  command?: string;
  errorCode?: string;
}

/** A reply the server gave (4yz / 5yz), worded for a clinic receptionist. */
export function classifyReply(reply: SmtpReply, where: string): SmtpErrorClass {
  const { code } = reply;
  const said = serverSaid(reply.response, code);
  const byCommand = stepOfCommand(reply.command);
  const auth = byCommand === "auth" || reply.errorCode === "EAUTH" || [530, 534, 535].includes(code);
  const step: SmtpStep = auth ? "auth" : (byCommand ?? "send");
  // RFC 5321: 4yz is a transient failure, 5yz a permanent one. 503 (bad sequence of
  // commands) is about the session's state, not the message, so a new connection can succeed.
  const kind: FailureKind = code >= 500 && code !== 503 ? "permanent" : "transient";
  const bounce = isRecipientBounce(reply) ? { bounceReply: said } : {};
  const r = (message: string): SmtpErrorClass => ({ kind, step, smtpCode: code, message, ...bounce });
  const cmd = (reply.command ?? "").toUpperCase();

  if (code === 530)
    return r(`the server requires a username and password: enter them in the SMTP settings (${said})`);
  if (code === 534)
    return r(`the server wants an app password or a more secure sign-in for this account (${said})`);
  if (step === "auth") {
    if (kind === "transient")
      return r(`the server could not check the password right now (${said}); it will be tried again`);
    return r(
      `authentication failed: the server rejected the username or password (${said}). ` +
        "Check them; Gmail and Outlook need an app password, not the account password",
    );
  }
  if (step === "tls")
    return r(`${where} could not start TLS (${said}). Check the port: usually 587 for TLS, 465 for SSL`);
  if (step === "connect") {
    return kind === "transient"
      ? r(`${where} is busy or not accepting mail right now (${said}); it will be tried again`)
      : r(`${where} refused the connection (${said})`);
  }
  if (kind === "transient")
    return r(`the mail server asked to try again later (${said}); it will be retried automatically`);
  if (code === 552) return r(`the message is too large for the mail server (${said})`);
  if (cmd.startsWith("MAIL")) {
    return r(
      `the mail server refused the sender address (${said}): the From email must be an address this account may send as`,
    );
  }
  if (cmd.startsWith("RCPT"))
    return r(`the mail server refused the recipient address (${said}): check the email address`);
  return r(`the mail server refused the message (${said})`);
}
