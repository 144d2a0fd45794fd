/** Mail-client output: CSS inlined into the HTML (juice), and a plain-text part when none is given. */
import { convert } from "html-to-text";
import juice from "juice";

export function inlineCss(html: string): string {
  if (!/<style[\s>]/i.test(html) && !/<link[^>]+stylesheet/i.test(html)) return html;
  return juice(html, { removeStyleTags: true, preserveMediaQueries: true, applyWidthAttributes: true });
}

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: 78,
    selectors: [
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "img", format: "skip" },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "table", options: { uppercaseHeaderCells: false } },
    ],
  }).trim();
}

/** A subject is a single header line: collapse the newlines and runs of spaces a template leaves. */
export function cleanSubject(subject: string): string {
  return subject.replace(/\s+/g, " ").trim();
}
