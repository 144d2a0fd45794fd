// The patient's notification preferences, as staff see and change them (e.g. on the phone).
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { NotificationTypeInfo, Preferences } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { ErrorBanner, FormErrors, Loading } from "../../components/feedback.js";
import { Checkbox, SelectField } from "../../components/forms.js";
import { LOCALES, languageName, useI18n } from "../../i18n/context.js";
import { PERM } from "../../lib/permissions.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";

export function PreferencesCard({ patientId, types }: { patientId: string; types: NotificationTypeInfo[] }) {
  const { busy, error, run } = useAction();
  const { api, can } = useAuthed();
  const { t, typeLabel } = useI18n();
  const toast = useToast();
  const loaded = useAsync(() => api.preferences(patientId), [api, patientId]);
  const [draft, setDraft] = useState<Preferences | null>(null);
  const canWrite = can(PERM.preferencesWrite);

  useEffect(() => {
    if (loaded.data) setDraft(loaded.data);
  }, [loaded.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    await run(async () => {
      const next = await api.savePreferences(patientId, {
        email_enabled: draft.email_enabled,
        preferences: draft.preferences,
        // No choice means the clinic's language: leave the stored value alone.
        ...(draft.preferred_locale ? { preferred_locale: draft.preferred_locale } : {}),
      });
      setDraft(next);
      toast(t("prefs.saved"));
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="card" onSubmit={save} aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t("prefs.title")}</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {!draft && loaded.loading ? <Loading /> : null}
      {draft ? (
        <fieldset className="plain" disabled={!canWrite || busy}>
          <FormErrors error={error} shown={(f) => f === "email_enabled" || f === "preferred_locale"} />
          <Checkbox
            id="prefs-email"
            label={<strong>{t("prefs.emailEnabled")}</strong>}
            checked={draft.email_enabled}
            onChange={(e) => setDraft({ ...draft, email_enabled: e.target.checked })}
            error={fe.email_enabled?.message}
          />
          <fieldset className="plain indent" disabled={!draft.email_enabled}>
            <legend className="muted small">{t("prefs.perType")}</legend>
            {types.map((x) => (
              <Checkbox
                key={x.key}
                id={`prefs-${x.key}`}
                label={typeLabel(x.key)}
                checked={draft.preferences[x.key] ?? true}
                onChange={(e) =>
                  setDraft({ ...draft, preferences: { ...draft.preferences, [x.key]: e.target.checked } })
                }
              />
            ))}
          </fieldset>
          <SelectField
            id="prefs-locale"
            label={t("prefs.language")}
            value={draft.preferred_locale ?? ""}
            onChange={(e) => setDraft({ ...draft, preferred_locale: e.target.value || null })}
            error={fe.preferred_locale?.message}
          >
            <option value="">{t("prefs.clinicLanguage")}</option>
            {LOCALES.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </SelectField>
          {canWrite ? (
            <div className="actions">
              <button type="submit" className="btn btn-primary" disabled={busy}>
                {busy ? t("common.saving") : t("common.save")}
              </button>
            </div>
          ) : null}
        </fieldset>
      ) : null}
    </form>
  );
}
