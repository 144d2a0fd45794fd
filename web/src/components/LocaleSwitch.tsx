import type { Locale } from "../api/types.js";
import { LOCALES, languageName, useI18n } from "../i18n/context.js";

export function LocaleSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="locale-switch">
      <label htmlFor="ui-locale" className="sr-only">
        {t("header.language")}
      </label>
      <select id="ui-locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {languageName(l)}
          </option>
        ))}
      </select>
    </div>
  );
}
