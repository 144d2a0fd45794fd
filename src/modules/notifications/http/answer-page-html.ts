/** The appointment answer pages: tiny, server-rendered, the preference pages' look and policy. */

import type { PatientResponse } from "../../../core/db/schema.js";
import type { AnswerPage } from "../answer-decisions.js";
import { esc, layout, type PageLanguage } from "./patient-page-html.js";

/** What every answer page shows besides its message: whose appointment, when, and how to reach the clinic. */
export interface AnswerPageFrame {
  page: PageLanguage;
  clinic: { name: string; phone: string | null; email: string | null };
  /** The appointment's start as the link states it, already written in the page's language. */
  when: string;
  /** Formats another instant (when an answer was given) the same way. */
  formatDate: (date: Date) => string;
  /** The two links' paths, with their token: the forms post back to them. */
  confirmPath: string;
  cancelPath: string;
}

/** A page's own words (`pages.answers` of locale.json); `{name}` placeholders filled in. */
function words(frame: AnswerPageFrame) {
  const t = frame.page.text.answers;
  return (key: string, values: Record<string, string> = {}) =>
    Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, v), t[key] ?? key);
}

function contact(frame: AnswerPageFrame): string {
  const { phone, email } = frame.clinic;
  if (!phone && !email) return "";
  const parts = [
    phone ? `<a href="tel:${esc(phone.replace(/[^+\d]/g, ""))}">${esc(phone)}</a>` : "",
    email ? `<a href="mailto:${esc(email)}">${esc(email)}</a>` : "",
  ].filter(Boolean);
  return `<p>${esc(words(frame)("contact"))} ${parts.join(" · ")}</p>`;
}

function shell(frame: AnswerPageFrame, title: string, body: string): string {
  const w = words(frame);
  return layout(
    frame.page.lang,
    title,
    `<h1>${esc(title)}</h1><p class="clinic">${esc(frame.clinic.name)}</p>
<p><strong>${esc(w("when", { when: frame.when }))}</strong></p>
${body}`,
  );
}

/** GET: the question once more, and the one button that answers (a POST to the same link). */
function askPage(frame: AnswerPageFrame, page: Extract<AnswerPage, { kind: "ask" }>): string {
  const w = words(frame);
  const confirming = page.wanted === "confirmed";
  const previous = page.previous
    ? `<p class="notice" role="status">${esc(w("previouslyConfirmed", { date: frame.formatDate(page.previous.respondedAt) }))}</p>`
    : "";
  // The other answer is one click away for someone who pressed the wrong button in the email,
  // unless it is the one already given.
  const other = confirming
    ? `<a class="button secondary" href="${esc(frame.cancelPath)}">${esc(w("cancelButton"))}</a>`
    : page.previous
      ? ""
      : `<a class="button secondary" href="${esc(frame.confirmPath)}">${esc(w("confirmButton"))}</a>`;
  const action = confirming ? frame.confirmPath : frame.cancelPath;
  return shell(
    frame,
    w(confirming ? "confirmTitle" : "cancelTitle"),
    `${previous}<p>${esc(w(confirming ? "confirmQuestion" : "cancelQuestion"))}</p>
<div class="actions"><form method="post" action="${esc(action)}"><button type="submit">${esc(w(confirming ? "confirmButton" : "cancelButton"))}</button></form>${other}</div>`,
  );
}

/** The answer just recorded (`fresh`) or given before. */
export function answeredPage(
  frame: AnswerPageFrame,
  response: PatientResponse,
  respondedAt: Date,
  fresh: boolean,
): string {
  const w = words(frame);
  const key = fresh
    ? response === "confirmed"
      ? "confirmed"
      : "cancellationRequested"
    : response === "confirmed"
      ? "alreadyConfirmed"
      : "alreadyCancellationRequested";
  const body = `<p class="notice" role="status" data-response="${esc(response)}">${esc(w(key, { date: frame.formatDate(respondedAt) }))}</p>`;
  return shell(frame, w("title"), response === "confirmed" ? body : body + contact(frame));
}

/** What happened to the appointment instead: cancelled, moved, or its time passed. */
function statePage(frame: AnswerPageFrame, kind: "cancelled" | "changed" | "past"): string {
  const w = words(frame);
  return shell(frame, w("title"), `<p class="error" role="status">${esc(w(kind))}</p>${contact(frame)}`);
}

/** The page for every decision but "record" (which is recorded first, then shown as answered). */
export function answerPageHtml(
  frame: AnswerPageFrame,
  page: Exclude<AnswerPage, { kind: "record" } | { kind: "invalid" }>,
): string {
  switch (page.kind) {
    case "ask":
      return askPage(frame, page);
    case "answered":
      return answeredPage(frame, page.response, page.respondedAt, false);
    default:
      return statePage(frame, page.kind);
  }
}

/** A link that cannot be used (malformed, unknown or expired): no appointment to speak of. */
export function answerLinkRefusedPage(page: PageLanguage): string {
  const t = page.text.answers;
  const title = t.title ?? "title";
  return layout(
    page.lang,
    title,
    `<h1>${esc(title)}</h1><p class="error" role="status">${esc(t.invalid ?? "invalid")}</p>`,
  );
}
