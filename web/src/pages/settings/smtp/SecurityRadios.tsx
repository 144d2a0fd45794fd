// TLS/SSL as one choice (the API's use_tls/use_ssl are mutually exclusive); picking a mode
// fills in its usual port unless the user typed a custom one.
import { useI18n } from "../../../i18n/context.js";
import { portAfterSecurityChange, type Security, type SmtpForm, USUAL_PORTS } from "../../../lib/smtp.js";

const MODES: Security[] = ["none", "starttls", "ssl"];

export function SecurityRadios({
  form,
  onChange,
  error,
}: {
  form: SmtpForm;
  onChange: (f: SmtpForm) => void;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <fieldset className="radio-group span-2" aria-describedby={error ? "smtp-security-error" : undefined}>
      <legend>{t("smtp.security")}</legend>
      <div className="radio-row">
        {MODES.map((mode) => (
          <label key={mode} className="radio-card" htmlFor={`smtp-security-${mode}`}>
            <input
              id={`smtp-security-${mode}`}
              type="radio"
              name="smtp-security"
              value={mode}
              checked={form.security === mode}
              onChange={() =>
                onChange({ ...form, security: mode, port: portAfterSecurityChange(mode, form.port) })
              }
            />
            <span>
              <strong>{t(`smtp.security.${mode}`)}</strong>
              <span className="muted small">{t("smtp.usualPort", { port: USUAL_PORTS[mode] })}</span>
            </span>
          </label>
        ))}
      </div>
      {error ? (
        <p id="smtp-security-error" className="field-error">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
