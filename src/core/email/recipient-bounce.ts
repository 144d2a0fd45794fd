/**
 * Whether a server's reply says the recipient's address itself is bad (a hard bounce), as
 * opposed to a problem of the clinic's own setup (sign-in, sender, relaying, policy), which a
 * different recipient would hit too. Only the first suppresses the address, so the rule is
 * narrow: a wrong "bounce" silently stops a patient's emails, a missed one only costs another
 * failed attempt later.
 *
 * - The reply is permanent (5yz) and answers RCPT TO, or DATA (servers that check recipients
 *   only once the message is in; ours carry one recipient, so DATA speaks of that one).
 * - With an enhanced status code (RFC 3463), its subject and detail name the mailbox:
 *   5.1.1 bad mailbox, 5.1.2 bad domain, 5.1.3 bad address syntax, 5.1.6 mailbox moved,
 *   5.1.10 domain accepts no mail (null MX), 5.2.1 mailbox disabled. Not 5.1.7 / 5.1.8 (the
 *   sender's address), 5.7.x (relaying and policy), 5.2.2 (mailbox full: may clear up).
 * - Without one, only 550 / 551 / 553 at RCPT TO whose words say the mailbox does not exist,
 *   and never words about relaying, signing in or the sender.
 */
const BOUNCE_DETAILS = new Set(["1.1", "1.2", "1.3", "1.6", "1.10", "2.1"]);
const NO_SUCH_MAILBOX =
  /\b(no such (user|mailbox|recipient|address)|user unknown|unknown (user|recipient|mailbox)|(mailbox|user|recipient|address) (not found|unknown|does not exist|doesn't exist|unavailable)|does not exist|invalid (recipient|mailbox|address)|not local)\b/i;
const NOT_THE_RECIPIENT = /\b(relay|relaying|auth|authenticat\w*|sender|from address|spf|dmarc|policy)\b/i;

export interface ReplyToRecipient {
  code: number;
  /** The reply's text, with or without its code in front. */
  response?: string;
  /** The command it answered (`RCPT TO`, `DATA`, …). */
  command?: string;
}

/** The enhanced status code at the head of a reply's text (`5.1.1`), or null. */
export function enhancedCode(response: string | undefined, code: number): string | null {
  const text = (response ?? "").trim().replace(new RegExp(`^${code}[ -]`), "");
  return /^([245]\.\d{1,3}\.\d{1,3})\b/.exec(text)?.[1] ?? null;
}

export function isRecipientBounce(reply: ReplyToRecipient): boolean {
  const cmd = (reply.command ?? "").toUpperCase();
  const rcpt = cmd.startsWith("RCPT");
  if (reply.code < 500 || reply.code >= 600 || !(rcpt || cmd === "DATA")) return false;
  const enhanced = enhancedCode(reply.response, reply.code);
  if (enhanced) return enhanced.startsWith("5.") && BOUNCE_DETAILS.has(enhanced.slice(2));
  const text = reply.response ?? "";
  return (
    rcpt &&
    [550, 551, 553].includes(reply.code) &&
    NO_SUCH_MAILBOX.test(text) &&
    !NOT_THE_RECIPIENT.test(text)
  );
}
