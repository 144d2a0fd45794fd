// The clinic's language: what its emails speak when a patient has no language of their own
// (or one no template is written in). Saved with PATCH /clinic; the answer is what is shown.
import { type FormEvent, useEffect, useState } from "react";
import { useAuthed } from "../../app/session.js";
import { FormErrors } from "../../components/feedback.js";
import { SelectField } from "../../components/forms.js";
import { LOCALES, languageName, useI18n } from "../../i18n/context.js";
import { PERM } from "../../lib/permissions.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";

export function ClinicLanguageCard() {
  const { api, can, clinic } = useAuthed();
  // Read afresh: another admin may have changed it since this session began.
  const loaded = useAsync(() => api.clinic(), [api]);
  const { t } = useI18n();
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState(clinic.default_locale);
  const [draft, setDraft] = useState(clinic.default_locale);
  const [confirmed, setConfirmed] = useState(false);
  const canWrite = can(PERM.settingsWrite);

  useEffect(() => {
    if (!loaded.data) return;
    setSaved(loaded.data.default_locale);
    setDraft(loaded.data.default_locale);
  }, [loaded.data]);

  async function save(e: FormEvent) {
    e.preventDefault();
    setConfirmed(false);
    await run(async () => {
      const updated = await api.updateClinic({ default_locale: draft });
      setSaved(updated.default_locale);
      setDraft(updated.default_locale);
      setConfirmed(true);
    });
  }

  return (
    <form className="card" onSubmit={save} aria-labelledby="clinic-language-title">
      <h2 id="clinic-language-title">{t("clinicLanguage.title")}</h2>
      <p className="muted">{t("clinicLanguage.intro")}</p>
      <FormErrors error={error} shown={(f) => f === "default_locale"} />
      <div className="form-grid">
        <SelectField
          id="clinic-language"
          label={t("clinicLanguage.label")}
          value={draft}
          // Until the clinic is read, a choice could be overwritten by the answer.
          disabled={!canWrite || !loaded.data}
          onChange={(e) => {
            setDraft(e.target.value);
            setConfirmed(false);
          }}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </SelectField>
      </div>
      {canWrite ? (
        <div className="actions">
          {confirmed ? (
            <span role="status" data-testid="clinic-language-saved">
              {t("clinicLanguage.saved", { language: languageName(saved) })}
            </span>
          ) : null}
          <button type="submit" className="primary" disabled={busy || draft === saved}>
            {busy ? t("common.saving") : t("common.save")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
