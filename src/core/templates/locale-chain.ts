/**
 * The one definition of which languages an email (or a patient page) is looked up in, and of
 * the locale its dates and money are written in. Sends, previews, `GET /templates/effective`
 * and the patient pages all go through here.
 */

/** The neutral folder every chain ends with: `templates/email/default/`. */
export const NEUTRAL_LOCALE = "default";

const TAG_RE = /^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$/;

/** "pt_br" → "pt-BR"; null for anything that is not a language tag. */
export function normalizeLocale(tag: string | null | undefined): string | null {
  const v = tag?.trim();
  if (!v || !TAG_RE.test(v)) return null;
  if (v.toLowerCase() === NEUTRAL_LOCALE) return NEUTRAL_LOCALE;
  try {
    return Intl.getCanonicalLocales(v.replace(/_/g, "-"))[0] ?? null;
  } catch {
    return null;
  }
}

/** "pt-BR" → "pt". */
export const baseLanguage = (locale: string): string => locale.split("-")[0]!.toLowerCase();

/**
 * The locales tried, best first: the patient's language and its base language (pt-BR → pt),
 * the clinic's language (and its base), then the neutral `default` folder. Duplicates and
 * malformed tags are dropped. Nothing else: a patient whose language has no templates gets the
 * clinic's language, and a clinic whose language has none gets `default/`.
 */
export function buildLocaleChain(
  patientLocale: string | null | undefined,
  clinicLocale: string | null | undefined,
): string[] {
  const chain: string[] = [];
  const add = (tag: string | null | undefined) => {
    const norm = normalizeLocale(tag);
    if (!norm) return;
    if (!chain.includes(norm)) chain.push(norm);
    const base = baseLanguage(norm);
    if (!chain.includes(base)) chain.push(base);
  };
  add(patientLocale);
  add(clinicLocale);
  if (!chain.includes(NEUTRAL_LOCALE)) chain.push(NEUTRAL_LOCALE);
  return chain;
}

/**
 * The locale dates, times and money are formatted in when a template of `templateLocale`
 * was chosen from `chain`: the patient's own tag when it is a variant of the template's
 * language (a pt-BR patient reading the pt templates keeps Brazilian dates); otherwise the
 * template language's formatting tag (`pt` → `pt-PT`, from its `locale.json`). The neutral
 * templates use the patient's language: they carry little text, the date is theirs to read.
 */
export function formattingLocale(
  templateLocale: string,
  chain: readonly string[],
  formatTagOf: (locale: string) => string | null,
): string {
  const first = chain.find((l) => l !== NEUTRAL_LOCALE);
  if (templateLocale === NEUTRAL_LOCALE) return first ? (formatTagOf(first) ?? first) : "en";
  if (first?.includes("-") && baseLanguage(first) === baseLanguage(templateLocale)) return first;
  return formatTagOf(templateLocale) ?? templateLocale;
}
