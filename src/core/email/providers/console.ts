import { randomUUID } from "node:crypto";
import { convert } from "html-to-text";
import { formatAddress, type MailOptions } from "../message.js";
import type { SendResult } from "../types.js";

function size(content: string | Buffer): string {
  const bytes = typeof content === "string" ? Buffer.byteLength(content) : content.length;
  return bytes < 1024 ? `${bytes} B` : `${Math.round(bytes / 1024)} KB`;
}

/** The email as a person would read it in a terminal: headers, text part, attachment list. */
export function formatConsoleEmail(mail: MailOptions, messageId: string): string {
  const text = mail.text ?? convert(mail.html, { wordwrap: 100 });
  const lines = [
    "──────── email (console provider: not sent) ────────",
    `Message-ID: ${messageId}`,
    `From: ${formatAddress(mail.from.address, mail.from.name)}`,
    `To: ${formatAddress(mail.to.address, mail.to.name)}`,
    ...(mail.replyTo ? [`Reply-To: ${mail.replyTo}`] : []),
    `Subject: ${mail.subject}`,
    ...Object.entries(mail.headers).map(([k, v]) => `${k}: ${v}`),
    ...(mail.attachments.length
      ? [
          `Attachments: ${mail.attachments
            .map((a) => `${a.filename} (${a.contentType ?? "application/octet-stream"}, ${size(a.content)})`)
            .join(", ")}`,
        ]
      : []),
    "",
    text.trim(),
    "────────────────────────────────────────────────────",
  ];
  return lines.join("\n");
}

/** Where the console provider writes: `process.stdout` in the service (given by src/app.ts). */
export interface ConsoleOutput {
  write(chunk: string): unknown;
}

/**
 * Development provider: writes the email to its output instead of sending it, and reports
 * success. Not through the logger: the email is the provider's product, printed whatever
 * `LOG_LEVEL` says (at `warn` the logs hide info lines, but the "sent" emails still show).
 */
export class ConsoleProvider {
  constructor(private readonly out: ConsoleOutput) {}

  async send(mail: MailOptions): Promise<SendResult> {
    const domain = mail.from.address.split("@")[1] ?? "localhost";
    const messageId = mail.messageId ?? `<${randomUUID()}@${domain}>`;
    this.out.write(`${formatConsoleEmail(mail, messageId)}\n`);
    return {
      isSuccess: true,
      messageId,
      errorMessage: null,
      failure: null,
      smtpCode: null,
      provider: "console",
    };
  }
}
