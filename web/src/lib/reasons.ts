// Why an email was not sent, in the words staff use. The server logs a reason code (the seed's,
// e.g. "patient_opted_out_of_appointment_reminder") and names the i18n key that words it in
// GET /notifications/types (read live by app/catalogue.tsx; SKIP_REASONS, generated from the
// server by `npm run gen:api`, until it answers).
// A code without a known reason, or whose key this UI has no words for, shows as is.
import { SKIP_REASONS } from "../api/catalogue.js";
import type { SkipReasonInfo } from "../api/types.js";
import type { DictKey } from "../i18n/dict.js";
import { en } from "../i18n/en.js";

export type Reason =
  | { key: Exclude<DictKey, "reason.optedOutOf"> }
  | { key: "reason.optedOutOf"; type: string };

const isDictKey = (key: string): key is DictKey => Object.hasOwn(en, key);

export function explainReason(
  code: string | null | undefined,
  reasons: SkipReasonInfo[] = SKIP_REASONS,
): Reason | null {
  if (!code) return null;
  for (const r of reasons) {
    const m = r.pattern === null ? (r.code === code ? [code] : null) : new RegExp(r.pattern).exec(code);
    if (!m || !isDictKey(r.i18n_key)) continue;
    if (r.i18n_key !== "reason.optedOutOf") return { key: r.i18n_key };
    const type = (m as RegExpExecArray).groups?.type;
    return type ? { key: r.i18n_key, type } : null;
  }
  return null;
}
