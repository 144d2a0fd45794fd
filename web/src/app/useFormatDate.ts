import { useCallback } from "react";
import { useI18n } from "../i18n/context.js";
import { formatDateTime } from "../lib/datetime.js";
import { useAuthed } from "./session.js";

/** Dates as the clinic reads them: its time zone and clock, in the UI's language. */
export function useFormatDate(): (iso: string | null | undefined) => string {
  const { locale } = useI18n();
  const { clinic } = useAuthed();
  return useCallback(
    (iso) => formatDateTime(iso, locale, clinic.timezone, clinic.default_locale),
    [locale, clinic.timezone, clinic.default_locale],
  );
}
