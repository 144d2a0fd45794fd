import { describe, expect, it } from "vitest";
import { classifySmtpError } from "../../../src/core/email/classify-smtp-error.js";
import { enhancedCode, isRecipientBounce } from "../../../src/core/email/recipient-bounce.js";

const reply = (code: number, command: string, text: string) => ({
  code,
  command,
  response: `${code} ${text}`,
});

describe("isRecipientBounce", () => {
  // biome-ignore format: one row per case keeps the table readable
  const table: [string, ReturnType<typeof reply>, boolean][] = [
    ["550 5.1.1 user unknown at RCPT", reply(550, "RCPT TO", "5.1.1 <ana@example.com>: Recipient address rejected: User unknown"), true],
    ["550 5.1.2 bad domain at RCPT", reply(550, "RCPT TO", "5.1.2 Host or domain name not found"), true],
    ["553 5.1.3 bad address syntax at RCPT", reply(553, "RCPT TO", "5.1.3 Invalid address"), true],
    ["551 5.1.6 mailbox moved at RCPT", reply(551, "RCPT TO", "5.1.6 User not local; please try <new@example.com>"), true],
    ["556 5.1.10 null MX at RCPT", reply(556, "RCPT TO", "5.1.10 Recipient address has null MX"), true],
    ["550 5.2.1 mailbox disabled at RCPT", reply(550, "RCPT TO", "5.2.1 The email account that you tried to reach is disabled"), true],
    ["550 5.1.1 at DATA (recipient checked after the message)", reply(550, "DATA", "5.1.1 Mailbox does not exist"), true],
    ["550 without an enhanced code saying no such user", reply(550, "RCPT TO", "No such user here"), true],
    ["550 without an enhanced code saying mailbox unavailable", reply(550, "RCPT TO", "Requested action not taken: mailbox unavailable"), true],
    ["553 without an enhanced code saying invalid mailbox", reply(553, "RCPT TO", "sorry, invalid mailbox name"), true],
    // the clinic's own setup: not the patient's address
    ["550 5.7.1 relaying denied at RCPT", reply(550, "RCPT TO", "5.7.1 Relaying denied"), false],
    ["554 5.7.1 relay access denied at RCPT", reply(554, "RCPT TO", "5.7.1 <ana@example.com>: Relay access denied"), false],
    ["550 relaying not allowed without an enhanced code", reply(550, "RCPT TO", "Relaying not allowed: user unknown to this relay"), false],
    ["530 5.7.0 authentication required at RCPT", reply(530, "RCPT TO", "5.7.0 Authentication required"), false],
    ["550 5.1.8 bad sender domain at RCPT", reply(550, "RCPT TO", "5.1.8 Sender address rejected: Domain not found"), false],
    ["550 5.1.7 bad sender mailbox at RCPT", reply(550, "RCPT TO", "5.1.7 Invalid sender mailbox"), false],
    ["553 sender rejected at MAIL FROM", reply(553, "MAIL FROM", "5.1.1 Sender address rejected: User unknown"), false],
    ["550 5.1.1 at AUTH (nonsense, still not a bounce)", reply(550, "AUTH PLAIN", "5.1.1 unknown"), false],
    ["552 5.2.2 mailbox full (may clear up)", reply(552, "RCPT TO", "5.2.2 Mailbox full"), false],
    ["552 message too large at DATA", reply(552, "DATA", "5.3.4 Message size exceeds fixed limit"), false],
    ["554 5.7.1 spam rejected at DATA", reply(554, "DATA", "5.7.1 Message rejected as spam"), false],
    ["550 at DATA without an enhanced code", reply(550, "DATA", "No such user"), false],
    ["450 4.1.1 temporary at RCPT", reply(450, "RCPT TO", "4.1.1 Mailbox temporarily unavailable"), false],
    ["451 greylisted at RCPT", reply(451, "RCPT TO", "4.7.1 Greylisted, try again later"), false],
    ["550 with words that say nothing about the mailbox", reply(550, "RCPT TO", "Administrative prohibition"), false],
    ["554 without an enhanced code", reply(554, "RCPT TO", "Transaction failed: user unknown"), false],
  ];
  for (const [name, r, expected] of table) {
    it(`${expected ? "is" : "is not"} a bounce: ${name}`, () => {
      expect(isRecipientBounce(r)).toBe(expected);
    });
  }

  it("reads the enhanced code after the reply code, or on its own", () => {
    expect(enhancedCode("550 5.1.1 <a@b>: unknown", 550)).toBe("5.1.1");
    expect(enhancedCode("550-5.1.10 null MX", 550)).toBe("5.1.10");
    expect(enhancedCode("5.2.1 disabled", 550)).toBe("5.2.1");
    expect(enhancedCode("550 No such user", 550)).toBeNull();
    expect(enhancedCode(undefined, 550)).toBeNull();
  });
});

describe("classifySmtpError and bounces", () => {
  // Shaped as nodemailer 10 reports a rejected recipient.
  const rcptError = (text: string) => ({
    code: "EENVELOPE",
    responseCode: Number(text.slice(0, 3)),
    command: "RCPT TO",
    response: text,
    message: `Can't send mail - all recipients were rejected: ${text}`,
  });

  it("carries the server's reply as bounceReply for a rejected recipient", () => {
    const c = classifySmtpError(rcptError("550 5.1.1 <ana@example.com>: user unknown"));
    expect(c).toMatchObject({
      kind: "permanent",
      step: "send",
      smtpCode: 550,
      bounceReply: "550 5.1.1 <ana@example.com>: user unknown",
    });
    expect(c.message).toMatch(/refused the recipient address/);
  });

  it("has no bounceReply for a relay refusal or a temporary rejection", () => {
    expect(classifySmtpError(rcptError("550 5.7.1 Relaying denied")).bounceReply).toBeUndefined();
    expect(classifySmtpError(rcptError("450 4.2.1 try later")).bounceReply).toBeUndefined();
  });
});
