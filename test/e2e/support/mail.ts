import type { ReceivedMail, SmtpSink } from "../../support/smtp-sink.js";
import { waitUntil } from "./browser.js";

/** The first message the sink received that matches, waiting for it to arrive. */
export function waitForMail(
  sink: SmtpSink,
  what: string,
  match: (m: ReceivedMail) => boolean,
  timeoutMs = 20_000,
): Promise<ReceivedMail> {
  return waitUntil(what, async () => sink.messages.find(match), timeoutMs);
}

export const sentTo = (address: string) => (m: ReceivedMail) =>
  m.envelope.rcptTo.some((r) => r.toLowerCase() === address.toLowerCase());

/** The signed preferences link in an email's footer. */
export function preferencesLink(m: ReceivedMail): string | undefined {
  const html = typeof m.html === "string" ? m.html : "";
  const found = /href="([^"]*\/p\/preferences\/[^"]+)"/.exec(html)?.[1];
  return found?.replace(/&amp;/g, "&");
}
