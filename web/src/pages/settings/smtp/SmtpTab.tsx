// Email server: the clinic's SMTP settings, saved with PUT and tried with a test email.
import { type FormEvent, useEffect, useState } from "react";
import { ApiError } from "../../../api/http.js";
import type { SmtpSettings } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { ErrorBanner, FormErrors, Loading } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import { PERM } from "../../../lib/permissions.js";
import {
  formFromSettings,
  formsEqual,
  type SmtpForm,
  savingClearsPassword,
  settingsFromForm,
} from "../../../lib/smtp.js";
import { useAction } from "../../../lib/useAction.js";
import { useAsync } from "../../../lib/useAsync.js";
import { SmtpFields } from "./SmtpFields.js";
import { TestEmailPanel } from "./TestEmailPanel.js";
import { VerifiedBadge } from "./VerifiedBadge.js";

// The fields SmtpFields shows an error under (use_tls/use_ssl under the security choice).
const SMTP_FIELDS = [
  "provider",
  "host",
  "port",
  "username",
  "password",
  "use_tls",
  "use_ssl",
  "from_email",
  "from_name",
  "ca_certificate",
];

export function SmtpTab() {
  const { busy, error, run } = useAction();
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const loaded = useAsync(
    () =>
      api.smtpSettings().catch((err: unknown) => {
        // No settings stored yet reads as "not configured", not as a failure.
        if (err instanceof ApiError && err.status === 404) return null;
        throw err;
      }),
    [api],
  );
  const [settings, setSettings] = useState<SmtpSettings | null>(null);
  const [form, setForm] = useState<SmtpForm>(formFromSettings(null));
  const [saved, setSaved] = useState<SmtpForm>(formFromSettings(null));
  // The last save removed the stored password (another host, port or username, none typed):
  // stays on screen until a later save, since the clinic's email stops working without it.
  const [passwordCleared, setPasswordCleared] = useState(false);
  const canWrite = can(PERM.settingsWrite);

  useEffect(() => {
    if (loaded.data === undefined) return;
    const initial = formFromSettings(loaded.data);
    setSettings(loaded.data);
    setForm(initial);
    setSaved(initial);
  }, [loaded.data]);

  if (loaded.loading && loaded.data === undefined) return <Loading />;
  if (loaded.error) return <ErrorBanner error={loaded.error} onRetry={loaded.reload} />;

  async function save(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const next = await api.saveSmtpSettings(settingsFromForm(form));
      const nextForm = formFromSettings(next);
      setSettings(next);
      setForm(nextForm);
      setSaved(nextForm);
      setPasswordCleared(next.password_cleared === true);
      toast(t("smtp.saved"));
    });
  }

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  const dirty = !formsEqual(form, saved);
  const hasPassword = !!settings?.has_password;

  return (
    <div className="stack">
      <form className="card" onSubmit={save} aria-labelledby="smtp-title" noValidate={false}>
        <div className="card-header">
          <div>
            <h2 id="smtp-title">{t("smtp.title")}</h2>
            <p className="muted">{t("smtp.intro")}</p>
          </div>
          <VerifiedBadge settings={settings} />
        </div>
        <FormErrors error={error} shown={(f) => SMTP_FIELDS.includes(f)} />
        {passwordCleared ? (
          <div className="banner banner-warning" role="alert" data-testid="smtp-password-cleared">
            <span>⚠ {t("smtp.passwordCleared")}</span>
          </div>
        ) : null}
        <fieldset className="plain" disabled={!canWrite || busy}>
          <SmtpFields
            form={form}
            onChange={setForm}
            errors={fieldErrors}
            hasPassword={hasPassword}
            passwordWillBeCleared={savingClearsPassword(form, saved, hasPassword)}
          />
        </fieldset>
        {canWrite ? (
          <div className="actions">
            {dirty ? <span className="muted">{t("common.unsaved")}</span> : null}
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {busy ? t("common.saving") : t("common.save")}
            </button>
          </div>
        ) : null}
      </form>
      {canWrite ? (
        <TestEmailPanel
          form={form}
          saved={saved}
          hasPassword={hasPassword}
          onTested={(success) => {
            // A successful test of the stored settings marks them verified: show it.
            if (success) api.smtpSettings().then(setSettings, () => undefined);
          }}
        />
      ) : null}
    </div>
  );
}
