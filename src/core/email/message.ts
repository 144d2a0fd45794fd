import { ValidationError } from "../errors.js";
import type { EmailAttachment, EmailMessage } from "./types.js";

/**
 * Turns an EmailMessage into nodemailer's mail options with header injection made
 * impossible: CR/LF and other control characters are stripped from every free-text
 * header (names, subject, filenames, custom header values); addresses and header names
 * are validated and rejected, because a "corrected" address would send mail somewhere
 * nobody asked for.
 */

export class EmailMessageError extends ValidationError {
  constructor(field: string, message: string) {
    super([{ field, message }]);
  }
}

export interface Sender {
  email: string;
  name: string;
}

const ATEXT = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]";
const LABEL = "[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?";
const EMAIL_RE = new RegExp(
  `^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+(?:\\p{L}{2,63}|xn--[a-z0-9-]{1,59})$`,
  "iu",
);

/** A deliverable mailbox address (dot-atom local part, a domain with a TLD); no display names. */
export function isValidEmail(value: unknown): value is string {
  if (typeof value !== "string" || value.length > 254) return false;
  const at = value.lastIndexOf("@");
  return at > 0 && at <= 64 && EMAIL_RE.test(value);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const CONTROL_RUN = /[\u0000-\u001f\u007f\u2028\u2029]+/g;

/** One line of header text: control characters (CR, LF, NUL, …) become spaces. */
export function cleanHeaderText(value: string): string {
  return value
    .replace(CONTROL_RUN, " ")
    .replace(/\s{2,}/g, " ")
    .trim();
}

/** `"from_name" <from_email>` as one header value (for display and logs). */
export function formatAddress(email: string, name?: string): string {
  const clean = name ? cleanHeaderText(name) : "";
  return clean ? `"${clean.replace(/["\\]/g, "\\$&")}" <${email}>` : `<${email}>`;
}

const HEADER_NAME_RE = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,76}$/;
// Headers the message's own fields own: letting a caller set them would undo the checks above
// (e.g. a Bcc header or a second Content-Type).
const RESERVED_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "subject",
  "reply-to",
  "sender",
  "date",
  "return-path",
  "received",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "content-disposition",
]);
const MESSAGE_ID_RE = /^<[^<>\s@]+@[^<>\s@]+>$/;
const CONTENT_TYPE_RE = /^[\w.+-]+\/[\w.+-]+(?:\s*;\s*[\w.+-]+=(?:[\w.+/-]+|"[^"\r\n]*"))*$/;
const METHOD_RE = /^[A-Za-z-]{1,32}$/;

function requireAddress(field: string, value: string | undefined, label: string): string {
  const v = (value ?? "").trim();
  if (!isValidEmail(v))
    throw new EmailMessageError(field, `${label} "${cleanHeaderText(v)}" is not a valid email address`);
  return v;
}

function attachmentOptions(a: EmailAttachment, i: number) {
  const filename = cleanHeaderText(a.filename ?? "") || `attachment-${i + 1}`;
  let contentType = a.contentType?.trim();
  if (contentType !== undefined && !CONTENT_TYPE_RE.test(contentType)) {
    throw new EmailMessageError(`attachments[${i}].content_type`, "is not a valid MIME type");
  }
  if (a.method !== undefined) {
    if (!METHOD_RE.test(a.method))
      throw new EmailMessageError(`attachments[${i}].method`, "is not a calendar METHOD");
    contentType = `text/calendar; charset=utf-8; method=${a.method.toUpperCase()}`;
  }
  return { filename, content: a.content, ...(contentType ? { contentType } : {}) };
}

function customHeaders(headers: Record<string, string> | undefined) {
  // No prototype: a header named __proto__ stays a header.
  const out: Record<string, string> = Object.create(null);
  let messageId: string | undefined;
  for (const [name, raw] of Object.entries(headers ?? {})) {
    if (!HEADER_NAME_RE.test(name))
      throw new EmailMessageError(`headers.${cleanHeaderText(name)}`, "is not a valid header name");
    const lower = name.toLowerCase();
    if (RESERVED_HEADERS.has(lower))
      throw new EmailMessageError(`headers.${name}`, "is set from the message fields, not as a header");
    const value = cleanHeaderText(String(raw));
    if (lower === "message-id") {
      if (!MESSAGE_ID_RE.test(value))
        throw new EmailMessageError("headers.Message-ID", "must look like <id@domain>");
      messageId = value;
    } else {
      out[name] = value;
    }
  }
  return { headers: out, messageId };
}

/** nodemailer's mail options, safe to hand to any transport. */
export interface MailOptions {
  from: { name: string; address: string };
  to: { name: string; address: string };
  replyTo?: string;
  subject: string;
  html: string;
  text?: string;
  headers: Record<string, string>;
  messageId?: string;
  attachments: ReturnType<typeof attachmentOptions>[];
  /** Attachments come only from memory: never read a file or URL a message names. */
  disableFileAccess: true;
  disableUrlAccess: true;
}

export function buildMailOptions(message: EmailMessage, sender: Sender): MailOptions {
  const fromAddress = requireAddress("from_email", sender.email, "the sender address");
  const toAddress = requireAddress("to", message.to, "the recipient address");
  const replyTo = message.replyTo?.trim()
    ? requireAddress("reply_to", message.replyTo, "the reply-to address")
    : undefined;
  const { headers, messageId } = customHeaders(message.headers);
  return {
    from: { name: cleanHeaderText(sender.name ?? ""), address: fromAddress },
    to: { name: cleanHeaderText(message.toName ?? ""), address: toAddress },
    ...(replyTo ? { replyTo } : {}),
    subject: cleanHeaderText(message.subject ?? ""),
    html: message.bodyHtml ?? "",
    ...(message.bodyText !== undefined ? { text: message.bodyText } : {}),
    headers,
    ...(messageId ? { messageId } : {}),
    attachments: (message.attachments ?? []).map(attachmentOptions),
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
