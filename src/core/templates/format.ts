/** Locale-aware date and money formatting for template contexts (Intl, the clinic's time zone). */

function safeLocale(locale: string): string {
  const tag = locale === "default" || !locale ? "en" : locale;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? "en";
  } catch {
    return "en";
  }
}

/**
 * Building an Intl formatter costs far more than formatting with one, and every email formats
 * several dates; formatters depend only on their locale, zone and style, so they are kept.
 * Bounded, since locales and zones come from data.
 */
const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = FORMATTERS.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(safeLocale(locale), options);
    if (FORMATTERS.size >= 500) FORMATTERS.delete(FORMATTERS.keys().next().value!);
    FORMATTERS.set(key, f);
  }
  return f;
}

/** "martes, 1 de diciembre de 2026, 10:30" (es); "Tuesday, December 1, 2026 at 10:30 AM" (en). */
export function formatDateTime(date: Date, timeZone: string, locale: string): string {
  return dateFormat(locale, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  }).format(date);
}

/** "martes, 1 de diciembre de 2026" (es); "Tuesday, December 1, 2026" (en). */
export function formatDate(date: Date, timeZone: string, locale: string): string {
  return dateFormat(locale, { dateStyle: "full", timeZone }).format(date);
}

/** "10:30" (es); "10:30 AM" (en). */
export function formatTime(date: Date, timeZone: string, locale: string): string {
  return dateFormat(locale, { timeStyle: "short", timeZone }).format(date);
}

/**
 * "1.250,00 €" (es), "€1,250.00" (en). Grouping is forced: Spanish CLDR data would otherwise
 * print four-digit amounts without a separator ("1250,00 €"), which reads wrong on a budget.
 */
export function formatMoney(amount: string | number, currency: string, locale: string): string {
  const value = typeof amount === "number" ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  let code = (currency || "EUR").toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) code = "EUR";
  const opts = { style: "currency", currency: code, useGrouping: "always" } as Intl.NumberFormatOptions;
  return new Intl.NumberFormat(safeLocale(locale), opts).format(value);
}
