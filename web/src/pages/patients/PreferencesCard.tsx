// The patient's notification preferences, as staff see and change them (e.g. on the phone).
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { NotificationTypeInfo, Preferences } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { ErrorBanner, FormErrors, Loading } from "../../components/feedback.js";
import { Checkbox, fieldText, SelectField } from "../../components/forms.js";
import { LOCALES, languageName, useI18n } from "../../i18n/context.js";
import { formatDateTime } from "../../lib/datetime.js";
import { PERM } from "../../lib/permissions.js";
import { useAction } from "../../lib/useAction.js";
import { useAsync } from "../../lib/useAsync.js";

/** What the API keeps about a patient's own unsubscribe, and who turned email back on. */
interface Audit {
  unsubscribed_at?: string | null;
  unsubscribed_via?: "page" | "one_click" | null;
  resubscribed_at?: string | null;
  resubscribed_by?: string | null;
}

/** Email is off because the patient turned it off themselves, and nobody turned it back on since. */
function unsubscribedByPatient(p: Preferences & Audit): boolean {
  if (p.email_enabled || !p.unsubscribed_at) return false;
  return !p.resubscribed_at || Date.parse(p.resubscribed_at) < Date.parse(p.unsubscribed_at);
}

export function PreferencesCard({ patientId, types }: { patientId: string; types: NotificationTypeInfo[] }) {
  const { busy, error, run } = useAction();
  const { api, can, clinic, user } = useAuthed();
  const { t, typeLabel, locale } = useI18n();
  const toast = useToast();
  const loaded = useAsync(() => api.preferences(patientId), [api, patientId]);
  const [draft, setDraft] = useState<Preferences | null>(null);
  // What the server last said (the draft's checkbox may differ until saved).
  const [stored, setStored] = useState<(Preferences & Audit) | null>(null);
  const [resubscribing, setResubscribing] = useState(false);
  const [confirmed, setConfirmed] = useState(false);
  const canWrite = can(PERM.preferencesWrite);
  const date = (iso: string) => formatDateTime(iso, locale, clinic.timezone);

  useEffect(() => {
    if (loaded.data) {
      setDraft(loaded.data);
      setStored(loaded.data);
    }
  }, [loaded.data]);

  /** Turns email back on for a patient who unsubscribed: only with the explicit confirmation. */
  async function resubscribe() {
    if (!draft) return;
    await run(async () => {
      const next = await api.savePreferences(patientId, {
        email_enabled: true,
        preferences: draft.preferences,
        confirm_resubscribe: true,
      } as Parameters<typeof api.savePreferences>[1]);
      setDraft(next);
      setStored(next);
      setResubscribing(false);
      setConfirmed(false);
      toast(t("prefs.resubscribedToast"));
    });
  }

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
      setStored(next);
      toast(t("prefs.saved"));
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  const unsubscribed = stored ? unsubscribedByPatient(stored) : false;
  const resubscribedBy = (by: string | null | undefined) =>
    !by ? t("prefs.byPatient") : by === user.id ? t("prefs.byYou") : t("prefs.byStaff");
  return (
    <form className="card" onSubmit={save} aria-labelledby="prefs-title">
      <h2 id="prefs-title">{t("prefs.title")}</h2>
      {loaded.error ? <ErrorBanner error={loaded.error} onRetry={loaded.reload} /> : null}
      {!draft && loaded.loading ? <Loading /> : null}
      {draft ? (
        <fieldset className="plain" disabled={!canWrite || busy}>
          <FormErrors
            error={error}
            shown={(f) => f === "email_enabled" || f === "preferred_locale" || f === "confirm_resubscribe"}
          />
          {stored && unsubscribed && stored.unsubscribed_at ? (
            <div className="banner banner-warning banner-block" data-testid="prefs-unsubscribed">
              <strong>
                {t(
                  stored.unsubscribed_via === "one_click"
                    ? "prefs.unsubscribedOneClick"
                    : "prefs.unsubscribedPage",
                  {
                    date: date(stored.unsubscribed_at),
                  },
                )}
              </strong>
            </div>
          ) : null}
          {stored?.email_enabled && stored.resubscribed_at ? (
            <p className="muted small" data-testid="prefs-resubscribed">
              {t("prefs.resubscribed", {
                who: resubscribedBy(stored.resubscribed_by),
                date: date(stored.resubscribed_at),
              })}
            </p>
          ) : null}
          <Checkbox
            id="prefs-email"
            label={<strong>{t("prefs.emailEnabled")}</strong>}
            checked={draft.email_enabled}
            disabled={unsubscribed}
            onChange={(e) => setDraft({ ...draft, email_enabled: e.target.checked })}
            error={fieldText(fe.email_enabled, t)}
          />
          {unsubscribed && canWrite ? (
            resubscribing ? (
              <div className="result" data-testid="prefs-resubscribe">
                <p>{t("prefs.resubscribeWarning")}</p>
                <Checkbox
                  id="prefs-resubscribe-confirm"
                  label={t("prefs.resubscribeConfirm")}
                  checked={confirmed}
                  onChange={(e) => setConfirmed(e.target.checked)}
                  error={fe.confirm_resubscribe ? t("prefs.resubscribeRequired") : undefined}
                />
                <div className="row">
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    disabled={!confirmed || busy}
                    onClick={resubscribe}
                  >
                    {t("prefs.resubscribeButton")}
                  </button>
                  <button type="button" className="btn btn-small" onClick={() => setResubscribing(false)}>
                    {t("common.cancel")}
                  </button>
                </div>
              </div>
            ) : (
              <button type="button" className="btn btn-small" onClick={() => setResubscribing(true)}>
                {t("prefs.resubscribeOpen")}
              </button>
            )
          ) : null}
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
            error={fieldText(fe.preferred_locale, t)}
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
