/** The patient's own preferences page: tiny, server-rendered, works without JavaScript. */

import { createHash } from "node:crypto";
import { NEUTRAL_LOCALE, type TemplateService } from "../../../core/templates/index.js";

/**
 * The strings of the patient pages. They come from the `pages` object of each locale
 * folder's `locale.json` (templates/email/<locale>/locale.json), so a new language needs no
 * code here; a string a locale lacks is taken from the next locale of the chain.
 */
export interface PageText {
  title: string;
  /** `{clinic}` is replaced by the clinic's name. */
  intro: string;
  all: string;
  allHint: string;
  save: string;
  saved: string;
  unsubscribed: string;
  confirmUnsubscribe: string;
  unsubscribeButton: string;
  /** After unsubscribing: the way back. */
  changedMind: string;
  manage: string;
  resubscribe: string;
  invalid: string;
  language: string;
  types: Record<string, string>;
  /** The appointment answer pages' strings (`pages.answers`; see answer-page-html.ts). */
  answers: Record<string, string>;
}

/** The language a page is written in, its strings, and the languages a patient may choose. */
export interface PageLanguage {
  /** The HTML `lang` of the page. */
  lang: string;
  text: PageText;
  choices: { code: string; name: string }[];
}

const TEXT_KEYS = [
  "title",
  "intro",
  "all",
  "allHint",
  "save",
  "saved",
  "unsubscribed",
  "confirmUnsubscribe",
  "unsubscribeButton",
  "changedMind",
  "manage",
  "resubscribe",
  "invalid",
  "language",
] as const;

/**
 * The page's language along the same chain as the patient's emails: the patient's language,
 * the clinic's, then `default/`.
 */
export function pageLanguage(
  templates: TemplateService,
  patientLocale: string | null | undefined,
  clinicLocale: string | null | undefined,
): PageLanguage {
  const infos = templates
    .chain({ locale: patientLocale, clinicLocale })
    .map((l) => templates.localeInfo(l))
    .filter((i) => i !== null);
  const text = { types: {}, answers: {} } as PageText;
  for (const info of [...infos].reverse()) {
    const pages = info.pages as Partial<Record<keyof PageText, unknown>>;
    for (const key of TEXT_KEYS) if (typeof pages[key] === "string") text[key] = pages[key] as string;
    if (pages.types && typeof pages.types === "object")
      text.types = { ...text.types, ...(pages.types as Record<string, string>) };
    if (pages.answers && typeof pages.answers === "object")
      text.answers = { ...text.answers, ...(pages.answers as Record<string, string>) };
  }
  for (const key of TEXT_KEYS) text[key] ??= key;
  const first = infos[0]?.code ?? NEUTRAL_LOCALE;
  return {
    lang: first === NEUTRAL_LOCALE ? "en" : first,
    text,
    choices: templates.locales().map((l) => ({ code: l.code, name: l.name })),
  };
}

/** The best language an `Accept-Language` header asks for among the shipped ones, if any. */
export function acceptedLanguage(templates: TemplateService, header: string | undefined): string | null {
  const shipped = new Set(templates.locales().map((l) => l.code));
  for (const part of (header ?? "").split(",").slice(0, 10)) {
    const tag = part.split(";")[0]!.trim();
    if (!tag) continue;
    const found = templates.chain({ locale: tag }).find((l) => shipped.has(l));
    if (found) return found;
  }
  return null;
}

export const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/**
 * The pages' one stylesheet. Their Content-Security-Policy allows exactly this text by its
 * hash (no inline style attributes, no script): see patientPageCsp, which hashes this constant,
 * so an edit here needs no other change. Every control wears the brand colour (#0f766e), and
 * the select, the buttons and the button-like links share one height.
 */
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f7f8;color:#1d2b33;margin:0;padding:24px}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 10px rgba(0,0,0,.06)}
h1{font-size:1.4rem;margin:0 0 4px}p.clinic{color:#0f766e;font-weight:600;margin:0 0 16px}
label{display:flex;gap:10px;align-items:flex-start;padding:10px 0;border-bottom:1px solid #eef2f3;cursor:pointer}
label.block{border:0;display:block;padding:0 0 6px;font-weight:600}fieldset.plain{border:0;padding:0;margin:0}.sr-only{position:absolute;left:-9999px}
input[type=checkbox]{width:20px;height:20px;margin:2px 0 0;flex:none;accent-color:#0f766e}small{color:#5b6b73;display:block}
select,button,a.button{box-sizing:border-box;font:inherit;font-size:1rem;line-height:1.25;min-height:44px;border-radius:8px;border:1px solid #0f766e}
select{width:100%;padding:10px 12px;background:#fff;color:inherit;accent-color:#0f766e}
button,a.button{display:inline-flex;align-items:center;justify-content:center;padding:10px 18px;background:#0f766e;color:#fff;font-weight:600;text-decoration:none;cursor:pointer}
button:hover,a.button:hover{background:#115e59}a.button.secondary{background:#fff;color:#0f766e}a.button.secondary:hover{background:#e6f4f2}
form>button{margin-top:18px}.actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:18px}.actions form{margin:0}.actions form>button{margin-top:0}
a{color:#0f766e}
button:focus-visible,input:focus-visible,select:focus-visible,a:focus-visible{outline:3px solid #99f6e4;outline-offset:2px}
.notice{background:#ecfdf5;border:1px solid #a7f3d0;padding:10px 12px;border-radius:8px}
.error{background:#fef2f2;border:1px solid #fecaca;padding:10px 12px;border-radius:8px}
`;

/**
 * The pages' policy: nothing but their own stylesheet (by hash), the empty data: icon, and
 * their forms posting back to this server; never framed.
 */
export const patientPageCsp = {
  "default-src": ["'none'"],
  "style-src": [`'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`],
  "img-src": ["data:"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
};

export function layout(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function preferencesPage(input: {
  page: PageLanguage;
  clinicName: string;
  action: string;
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
  preferredLocale: string;
  notice?: string;
}): string {
  const { text: t, lang } = input.page;
  const rows = Object.entries(input.preferences)
    .map(
      ([key, on]) =>
        `<label><input type="checkbox" name="type_${esc(key)}" value="on"${on ? " checked" : ""}> <span>${esc(t.types[key] ?? key)}</span></label>`,
    )
    .join("");
  const choices = input.page.choices.some((c) => c.code === input.preferredLocale)
    ? input.page.choices
    : [...input.page.choices, { code: input.preferredLocale, name: input.preferredLocale }];
  const options = choices
    .map(
      (c) =>
        `<option value="${esc(c.code)}"${input.preferredLocale === c.code ? " selected" : ""} lang="${esc(c.code)}">${esc(c.name)}</option>`,
    )
    .join("");
  const body = `<h1>${esc(t.title)}</h1><p class="clinic">${esc(input.clinicName)}</p>
${input.notice ? `<p class="notice" role="status">${esc(input.notice)}</p>` : ""}
<p>${esc(t.intro.replace("{clinic}", input.clinicName))}</p>
<form method="post" action="${esc(input.action)}">
<label><input type="checkbox" name="email_enabled" value="on"${input.emailEnabled ? " checked" : ""}> <span><strong>${esc(t.all)}</strong><small>${esc(t.allHint)}</small></span></label>
<fieldset class="plain"><legend class="sr-only">${esc(t.title)}</legend>${rows}</fieldset>
<p><label for="preferred_locale" class="block">${esc(t.language)}</label>
<select id="preferred_locale" name="preferred_locale">${options}</select></p>
<button type="submit">${esc(t.save)}</button></form>`;
  return layout(lang, t.title, body);
}

export function unsubscribeConfirmPage(page: PageLanguage, clinicName: string, action: string): string {
  const t = page.text;
  return layout(
    page.lang,
    t.title,
    `<h1>${esc(t.title)}</h1><p class="clinic">${esc(clinicName)}</p><p>${esc(t.confirmUnsubscribe)}</p>
<form method="post" action="${esc(action)}"><button type="submit">${esc(t.unsubscribeButton)}</button></form>`,
  );
}

/**
 * After unsubscribing: said plainly, with the way back right there: the preferences page, and
 * "subscribe again", which posts the patient's own choices back to it with email turned on.
 */
export function unsubscribedPage(input: {
  page: PageLanguage;
  clinicName: string;
  /** The patient's preferences page (its signed link). */
  preferencesUrl: string;
  preferences: Record<string, boolean>;
  preferredLocale: string;
}): string {
  const { text: t, lang } = input.page;
  const kept = Object.entries(input.preferences)
    .filter(([, on]) => on)
    .map(([key]) => `<input type="hidden" name="type_${esc(key)}" value="on">`)
    .join("");
  const url = esc(input.preferencesUrl);
  return layout(
    lang,
    t.title,
    `<h1>${esc(t.title)}</h1><p class="clinic">${esc(input.clinicName)}</p>
<p class="notice" role="status">${esc(t.unsubscribed)}</p><p>${esc(t.changedMind)}</p>
<div class="actions"><form method="post" action="${url}"><input type="hidden" name="email_enabled" value="on">${kept}<input type="hidden" name="preferred_locale" value="${esc(input.preferredLocale)}"><button type="submit">${esc(t.resubscribe)}</button></form>
<a class="button secondary" href="${url}">${esc(t.manage)}</a></div>`,
  );
}

export function messagePage(
  page: PageLanguage,
  clinicName: string,
  kind: "unsubscribed" | "invalid",
): string {
  const t = page.text;
  const cls = kind === "invalid" ? "error" : "notice";
  return layout(
    page.lang,
    t.title,
    `<h1>${esc(t.title)}</h1>${clinicName ? `<p class="clinic">${esc(clinicName)}</p>` : ""}<p class="${cls}" role="status">${esc(t[kind])}</p>`,
  );
}
