/** The patient's own preferences page: tiny, server-rendered, works without JavaScript. */

import { createHash } from "node:crypto";

const TEXT = {
  es: {
    title: "Tus preferencias de correo",
    intro: (clinic: string) => `Elige qué correos quieres recibir de ${clinic}.`,
    all: "Recibir correos de la clínica",
    allHint: "Si lo desactivas, no te enviaremos ningún correo.",
    save: "Guardar preferencias",
    saved: "Tus preferencias se han guardado.",
    unsubscribed: "Te has dado de baja: no recibirás más correos de la clínica.",
    confirmUnsubscribe: "¿Quieres dejar de recibir todos los correos de la clínica?",
    unsubscribeButton: "Darme de baja",
    invalid: "Este enlace no es válido o ha caducado. Pide uno nuevo a tu clínica.",
    language: "Idioma de los correos",
    types: {
      appointment_confirmation: "Confirmaciones de cita",
      appointment_cancelled: "Avisos de cancelación de cita",
      appointment_reminder: "Recordatorios de cita",
      budget_sent: "Presupuestos",
      budget_accepted: "Confirmación de presupuestos aceptados",
      welcome: "Bienvenida",
    } as Record<string, string>,
  },
  en: {
    title: "Your email preferences",
    intro: (clinic: string) => `Choose which emails you want to receive from ${clinic}.`,
    all: "Receive emails from the clinic",
    allHint: "If you turn this off, we will not send you any email.",
    save: "Save preferences",
    saved: "Your preferences have been saved.",
    unsubscribed: "You are unsubscribed: you will not receive more emails from the clinic.",
    confirmUnsubscribe: "Do you want to stop receiving all emails from the clinic?",
    unsubscribeButton: "Unsubscribe",
    invalid: "This link is not valid or has expired. Ask your clinic for a new one.",
    language: "Email language",
    types: {
      appointment_confirmation: "Appointment confirmations",
      appointment_cancelled: "Appointment cancellation notices",
      appointment_reminder: "Appointment reminders",
      budget_sent: "Treatment quotes",
      budget_accepted: "Accepted quote confirmations",
      welcome: "Welcome email",
    } as Record<string, string>,
  },
};

export type PageLocale = keyof typeof TEXT;
export const pageLocale = (l: string | null | undefined): PageLocale => (l?.startsWith("en") ? "en" : "es");

const esc = (s: string) =>
  s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/**
 * The pages' one stylesheet. Their Content-Security-Policy allows exactly this text by its
 * hash (no inline style attributes, no script): see patientPageCsp.
 */
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f7f8;color:#1d2b33;margin:0;padding:24px}
main{max-width:520px;margin:0 auto;background:#fff;border-radius:12px;padding:28px;box-shadow:0 2px 10px rgba(0,0,0,.06)}
h1{font-size:1.4rem;margin:0 0 4px}p.clinic{color:#0f766e;font-weight:600;margin:0 0 16px}
label{display:flex;gap:10px;align-items:flex-start;padding:10px 0;border-bottom:1px solid #eef2f3;cursor:pointer}
label.block{border:0;display:block}fieldset.plain{border:0;padding:0;margin:0}.sr-only{position:absolute;left:-9999px}
input[type=checkbox]{width:20px;height:20px;margin-top:2px}small{color:#5b6b73;display:block}
select{font:inherit;padding:6px}button{margin-top:18px;font:inherit;background:#0f766e;color:#fff;border:0;border-radius:8px;padding:10px 18px;cursor:pointer}
button:focus-visible,input:focus-visible,select:focus-visible{outline:3px solid #99f6e4;outline-offset:2px}
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

function layout(locale: PageLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${esc(title)}</title>
<style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function preferencesPage(input: {
  locale: PageLocale;
  clinicName: string;
  action: string;
  emailEnabled: boolean;
  preferences: Record<string, boolean>;
  preferredLocale: string;
  notice?: string;
}): string {
  const t = TEXT[input.locale];
  const rows = Object.entries(input.preferences)
    .map(
      ([key, on]) =>
        `<label><input type="checkbox" name="type_${esc(key)}" value="on"${on ? " checked" : ""}> <span>${esc(t.types[key] ?? key)}</span></label>`,
    )
    .join("");
  const opt = (v: string, label: string) =>
    `<option value="${v}"${input.preferredLocale === v ? " selected" : ""}>${label}</option>`;
  const body = `<h1>${esc(t.title)}</h1><p class="clinic">${esc(input.clinicName)}</p>
${input.notice ? `<p class="notice" role="status">${esc(input.notice)}</p>` : ""}
<p>${esc(t.intro(input.clinicName))}</p>
<form method="post" action="${esc(input.action)}">
<label><input type="checkbox" name="email_enabled" value="on"${input.emailEnabled ? " checked" : ""}> <span><strong>${esc(t.all)}</strong><small>${esc(t.allHint)}</small></span></label>
<fieldset class="plain"><legend class="sr-only">${esc(t.title)}</legend>${rows}</fieldset>
<p><label for="preferred_locale" class="block">${esc(t.language)}</label>
<select id="preferred_locale" name="preferred_locale">${opt("es", "Español")}${opt("en", "English")}</select></p>
<button type="submit">${esc(t.save)}</button></form>`;
  return layout(input.locale, t.title, body);
}

export function unsubscribeConfirmPage(locale: PageLocale, clinicName: string, action: string): string {
  const t = TEXT[locale];
  return layout(
    locale,
    t.title,
    `<h1>${esc(t.title)}</h1><p class="clinic">${esc(clinicName)}</p><p>${esc(t.confirmUnsubscribe)}</p>
<form method="post" action="${esc(action)}"><button type="submit">${esc(t.unsubscribeButton)}</button></form>`,
  );
}

export function messagePage(
  locale: PageLocale,
  clinicName: string,
  kind: "unsubscribed" | "invalid",
): string {
  const t = TEXT[locale];
  const cls = kind === "invalid" ? "error" : "notice";
  return layout(
    locale,
    t.title,
    `<h1>${esc(t.title)}</h1>${clinicName ? `<p class="clinic">${esc(clinicName)}</p>` : ""}<p class="${cls}" role="status">${esc(t[kind])}</p>`,
  );
}

export const savedNotice = (locale: PageLocale) => TEXT[locale].saved;
