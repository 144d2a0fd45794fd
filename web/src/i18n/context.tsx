// The languages of src/i18n/dict.ts. The clinic's default language unless the user picked one
// on this device (remembered in localStorage).
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { humanize } from "../lib/notificationTypes.js";
import { type Dict, type DictKey, dictionaries, type Locale } from "./dict.js";

const STORAGE_KEY = "dentalpin.locale";
export const LOCALES = Object.keys(dictionaries) as Locale[];

/** "pt-BR" → "pt" when the UI has that language; null otherwise. */
export function asLocale(value: string | null | undefined): Locale | null {
  const base = value?.split(/[-_]/)[0]?.toLowerCase();
  return base && Object.hasOwn(dictionaries, base) ? (base as Locale) : null;
}

/** A language's name in that language ("Français"); the code itself for one the UI lacks. */
export function languageName(value: string): string {
  const l = asLocale(value);
  return l ? dictionaries[l]["language.name"] : value;
}

function readStored(): Locale | null {
  try {
    return asLocale(window.localStorage.getItem(STORAGE_KEY));
  } catch {
    return null;
  }
}

export type Translate = (key: DictKey, vars?: Record<string, string | number>) => string;

/** The keys that come in plural forms: "<base>.one", "<base>.other" (and "<base>.few"…, if a language needs them). */
type PluralBase = DictKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

/**
 * `n` things in the right plural form of the language (Intl.PluralRules: "1 correo",
 * "2 correos"), with `{n}` written as the language writes numbers. A form a language lacks
 * falls back to "other".
 */
export type TranslatePlural = (base: PluralBase, n: number, vars?: Record<string, string | number>) => string;

export function pluralKey(base: string, n: number, locale: string, has: (key: string) => boolean): string {
  const form = `${base}.${new Intl.PluralRules(locale).select(n)}`;
  return has(form) ? form : `${base}.other`;
}

interface I18nValue {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: Translate;
  tn: TranslatePlural;
  typeLabel: (key: string) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

export function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

export function I18nProvider({
  clinicLocale,
  children,
}: {
  clinicLocale: string | null;
  children: ReactNode;
}) {
  const [chosen, setChosen] = useState<Locale | null>(readStored);
  const locale: Locale = chosen ?? asLocale(clinicLocale) ?? asLocale(navigator.language) ?? "es";

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const setLocale = useCallback((l: Locale) => {
    window.localStorage.setItem(STORAGE_KEY, l);
    setChosen(l);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict: Dict = dictionaries[locale];
    const t: Translate = (key, vars) => interpolate(dict[key], vars);
    const tn: TranslatePlural = (base, n, vars) =>
      interpolate(dict[pluralKey(base, n, locale, (k) => k in dict) as DictKey], {
        ...vars,
        n: new Intl.NumberFormat(locale).format(n),
      });
    const typeLabel = (key: string) => {
      const k = `type.${key}` as DictKey;
      return k in dict ? dict[k] : humanize(key);
    };
    return { locale, setLocale, t, tn, typeLabel };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error("useI18n outside I18nProvider");
  return ctx;
}
