import { describe, expect, it } from "vitest";
import {
  buildMailOptions,
  cleanHeaderText,
  EmailMessageError,
  formatAddress,
  isValidEmail,
} from "../../../src/core/email/message.js";

const valid = [
  "ana@example.com",
  "ana.garcia+citas@clinica-dental.es",
  "o'brien@example.ie",
  "x@sub.domain.example.org",
  "josé@clínica.es",
  "user@xn--clnica-jwa.es",
  `${"a".repeat(64)}@example.com`,
];
const invalid = [
  "",
  "ana",
  "ana@",
  "@example.com",
  "ana@example",
  "ana@@example.com",
  "ana@example..com",
  ".ana@example.com",
  "ana.@example.com",
  "an..a@example.com",
  "ana @example.com",
  "ana@exa mple.com",
  "ana@example.com\r\nBcc: victim@example.com",
  "ana@example.com\n",
  "Ana <ana@example.com>",
  "ana@example.com,eve@example.com",
  "ana@example.com;eve@example.com",
  '"ana"@example.com',
  "ana@[127.0.0.1]",
  "ana@-example.com",
  "ana@example-.com",
  "ana@example.c",
  `${"a".repeat(65)}@example.com`,
  `a@${"b".repeat(250)}.com`,
];

describe("isValidEmail", () => {
  it.each(valid)("accepts %s", (v) => expect(isValidEmail(v)).toBe(true));
  it.each(invalid)("rejects %j", (v) => expect(isValidEmail(v)).toBe(false));
  it("rejects non-strings", () => {
    expect(isValidEmail(undefined)).toBe(false);
    expect(isValidEmail(42)).toBe(false);
  });
});

describe("cleanHeaderText / formatAddress", () => {
  it("turns CR, LF, NUL and Unicode line separators into single spaces", () => {
    expect(cleanHeaderText("Cita\r\nBcc: eve@example.com\u0000\u2028ok")).toBe(
      "Cita Bcc: eve@example.com ok",
    );
  });
  it("quotes the display name", () => {
    expect(formatAddress("clinic@example.com", 'Clínica "Sonrisas"\r\n')).toBe(
      '"Clínica \\"Sonrisas\\"" <clinic@example.com>',
    );
    expect(formatAddress("clinic@example.com", "")).toBe("<clinic@example.com>");
  });
});

const sender = { email: "citas@clinica.example.com", name: "Clínica Sonrisas" };
const base = { to: "ana@example.com", subject: "Tu cita", bodyHtml: "<p>Hola</p>" };

describe("buildMailOptions", () => {
  it("builds From as name and address, and keeps both parts", () => {
    const m = buildMailOptions({ ...base, toName: "Ana García", bodyText: "Hola" }, sender);
    expect(m.from).toEqual({ name: "Clínica Sonrisas", address: "citas@clinica.example.com" });
    expect(m.to).toEqual({ name: "Ana García", address: "ana@example.com" });
    expect(m).toMatchObject({ subject: "Tu cita", html: "<p>Hola</p>", text: "Hola" });
    expect(m.disableFileAccess && m.disableUrlAccess).toBe(true);
  });

  it("strips line breaks from the subject, names and header values", () => {
    const m = buildMailOptions(
      {
        ...base,
        subject: "Tu cita\r\nBcc: eve@example.com",
        toName: "Ana\r\nBcc: eve@example.com",
        headers: { "X-Clinic": "1\r\nBcc: eve@example.com" },
      },
      { ...sender, name: "Clínica\nBcc: eve@example.com" },
    );
    expect(m.subject).toBe("Tu cita Bcc: eve@example.com");
    expect(m.to.name).toBe("Ana Bcc: eve@example.com");
    expect(m.from.name).toBe("Clínica Bcc: eve@example.com");
    expect(m.headers["X-Clinic"]).toBe("1 Bcc: eve@example.com");
  });

  it.each([
    ["to", { ...base, to: "ana@example.com\r\nBcc: eve@example.com" }, sender],
    ["to", { ...base, to: "Ana <ana@example.com>" }, sender],
    ["reply_to", { ...base, replyTo: "x@example.com\nBcc: eve@example.com" }, sender],
    ["from_email", base, { ...sender, email: "citas@clinica.example.com\r\nBcc: eve@example.com" }],
    ["from_email", base, { ...sender, email: "" }],
  ])("rejects an address with injected headers or a display name (%s)", (field, message, from) => {
    const err = (() => {
      try {
        buildMailOptions(message, from);
      } catch (e) {
        return e as EmailMessageError;
      }
    })();
    expect(err).toBeInstanceOf(EmailMessageError);
    expect(err?.errors?.[0]?.field).toBe(field);
    expect(err?.message).not.toMatch(/[\r\n]/);
  });

  it.each([
    [{ "Bad Name": "x" }, /not a valid header name/],
    [{ "X-A\r\nBcc": "x" }, /not a valid header name/],
    [{ Bcc: "eve@example.com" }, /set from the message fields/],
    [{ "content-type": "text/plain" }, /set from the message fields/],
    [{ "Message-ID": "no-brackets" }, /<id@domain>/],
  ])("rejects custom header %j", (headers, why) => {
    expect(() => buildMailOptions({ ...base, headers }, sender)).toThrow(why);
  });

  it("passes List-Unsubscribe headers and takes Message-ID as the message id", () => {
    const m = buildMailOptions(
      {
        ...base,
        headers: {
          "List-Unsubscribe": "<https://x.example/p/unsubscribe/t>",
          "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          "Message-ID": "<log-123@dentalpin.example>",
          __proto__: "kept as a header, not a prototype",
        },
      },
      sender,
    );
    expect(m.messageId).toBe("<log-123@dentalpin.example>");
    expect(Object.keys(m.headers)).toEqual(["List-Unsubscribe", "List-Unsubscribe-Post"]);
  });

  it("turns a calendar attachment's method into its content type and cleans file names", () => {
    const m = buildMailOptions(
      {
        ...base,
        attachments: [
          { filename: "cita.ics", content: "BEGIN:VCALENDAR", method: "request" },
          { filename: "a\r\nb.pdf", content: Buffer.from("%PDF"), contentType: "application/pdf" },
          { filename: "", content: "x" },
        ],
      },
      sender,
    );
    expect(m.attachments).toEqual([
      {
        filename: "cita.ics",
        content: "BEGIN:VCALENDAR",
        contentType: "text/calendar; charset=utf-8; method=REQUEST",
      },
      { filename: "a b.pdf", content: Buffer.from("%PDF"), contentType: "application/pdf" },
      { filename: "attachment-3", content: "x" },
    ]);
    expect(() =>
      buildMailOptions(
        { ...base, attachments: [{ filename: "x", content: "", method: "REQUEST\r\nX: y" }] },
        sender,
      ),
    ).toThrow(/calendar METHOD/);
    expect(() =>
      buildMailOptions(
        { ...base, attachments: [{ filename: "x", content: "", contentType: "text/plain\r\nX: y" }] },
        sender,
      ),
    ).toThrow(/MIME type/);
  });
});
