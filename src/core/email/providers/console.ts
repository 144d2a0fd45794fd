import { randomUUID } from "node:crypto";
import { convert } from "html-to-text";
import { formatAddress, type MailOptions } from "../message.js";
import type { EmailLogger, SendResult } from "../types.js";

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

/** Development provider: logs the email instead of sending it, and reports success. */
export class ConsoleProvider {
  constructor(private readonly logger: EmailLogger) {}

  async send(mail: MailOptions): Promise<SendResult> {
    const domain = mail.from.address.split("@")[1] ?? "localhost";
    const messageId = mail.messageId ?? `<${randomUUID()}@${domain}>`;
    this.logger.info(
      {
        email: {
          messageId,
          from: mail.from.address,
          to: mail.to.address,
          subject: mail.subject,
          attachments: mail.attachments.map((a) => a.filename),
        },
      },
      formatConsoleEmail(mail, messageId),
    );
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
