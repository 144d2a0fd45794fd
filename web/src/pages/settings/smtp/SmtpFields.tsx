// The inputs of the email-server form. Server connection fields only matter for SMTP.
import { useEffect, useState } from "react";
import type { FieldProblem } from "../../../api/http.js";
import type { SmtpProvider } from "../../../api/types.js";
import { Badge } from "../../../components/feedback.js";
import { SelectField, TextAreaField, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";
import { fieldProblemText } from "../../../lib/problems.js";
import { explainSmtpFieldError, type SmtpForm } from "../../../lib/smtp.js";
import { SecurityRadios } from "./SecurityRadios.js";

interface Props {
  form: SmtpForm;
  onChange: (form: SmtpForm) => void;
  errors: Record<string, FieldProblem>;
  hasPassword: boolean;
  /** Saving now would remove the saved password (account changed, none typed): say so. */
  passwordWillBeCleared: boolean;
}

export function SmtpFields({ form, onChange, errors, hasPassword, passwordWillBeCleared }: Props) {
  const { t } = useI18n();
  const set = <K extends keyof SmtpForm>(key: K, value: SmtpForm[K]) => onChange({ ...form, [key]: value });
  const isSmtp = form.provider === "smtp";
  // A field's error in the UI's language, from its code (never the server's English).
  const errorOf = (field: string): string | undefined => {
    const p = errors[field];
    if (!p) return undefined;
    const known = explainSmtpFieldError(p);
    return known ? t(known.key, "vars" in known ? known.vars : undefined) : fieldProblemText(p, t);
  };
  // The CA field sits behind "Advanced options": open when it holds something or has an error.
  const [advancedOpen, setAdvancedOpen] = useState(form.ca_certificate !== "");
  const caError = errorOf("ca_certificate");
  const hasCa = form.ca_certificate.trim() !== "";
  useEffect(() => {
    if (caError || hasCa) setAdvancedOpen(true);
  }, [caError, hasCa]);

  return (
    <div className="form-grid">
      <SelectField
        id="smtp-provider"
        label={t("smtp.provider")}
        value={form.provider}
        onChange={(e) => set("provider", e.target.value as SmtpProvider)}
        error={errorOf("provider")}
        hint={t(`smtp.providerHint.${form.provider}`)}
        className="span-2"
      >
        <option value="smtp">{t("smtp.provider.smtp")}</option>
        <option value="console">{t("smtp.provider.console")}</option>
        <option value="disabled">{t("smtp.provider.disabled")}</option>
      </SelectField>
      {isSmtp ? (
        <>
          <TextField
            id="smtp-host"
            label={t("smtp.host")}
            value={form.host}
            onChange={(e) => set("host", e.target.value)}
            placeholder="smtp.example.com"
            autoComplete="off"
            required
            error={errorOf("host")}
          />
          <TextField
            id="smtp-port"
            label={t("smtp.port")}
            type="number"
            inputMode="numeric"
            min={1}
            max={65535}
            value={form.port}
            onChange={(e) => set("port", e.target.value)}
            required
            error={errorOf("port")}
          />
          <SecurityRadios form={form} onChange={onChange} error={errorOf("use_tls") ?? errorOf("use_ssl")} />
          <TextField
            id="smtp-username"
            label={t("smtp.username")}
            value={form.username}
            onChange={(e) => set("username", e.target.value)}
            autoComplete="off"
            error={errorOf("username")}
          />
          <TextField
            id="smtp-password"
            label={
              <>
                {t("smtp.password")}{" "}
                {hasPassword ? <Badge tone="success">{t("smtp.passwordSaved")}</Badge> : null}
              </>
            }
            type="password"
            autoComplete="new-password"
            value={form.password}
            onChange={(e) => set("password", e.target.value)}
            placeholder={hasPassword ? "••••••••" : ""}
            hint={
              <>
                {hasPassword ? t("smtp.passwordKeep") : t("smtp.passwordWriteOnly")}
                {passwordWillBeCleared ? (
                  <span className="field-warning" role="status" data-testid="smtp-password-warning">
                    ⚠ {t("smtp.passwordWillBeCleared")}
                  </span>
                ) : null}
              </>
            }
            error={errorOf("password")}
          />
          <details
            className="span-2"
            open={advancedOpen}
            onToggle={(e) => setAdvancedOpen(e.currentTarget.open)}
            data-testid="smtp-advanced"
          >
            <summary>{t("smtp.advanced")}</summary>
            <TextAreaField
              id="smtp-ca-certificate"
              className="mono"
              label={t("smtp.caCertificate")}
              value={form.ca_certificate}
              onChange={(e) => set("ca_certificate", e.target.value)}
              placeholder={"-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----"}
              rows={6}
              spellCheck={false}
              autoComplete="off"
              hint={t("smtp.caCertificateHint")}
              error={caError}
            />
          </details>
        </>
      ) : null}
      <TextField
        id="smtp-from-email"
        label={t("smtp.fromEmail")}
        type="email"
        value={form.from_email}
        onChange={(e) => set("from_email", e.target.value)}
        placeholder="citas@clinica.es"
        error={errorOf("from_email")}
      />
      <TextField
        id="smtp-from-name"
        label={t("smtp.fromName")}
        value={form.from_name}
        onChange={(e) => set("from_name", e.target.value)}
        error={errorOf("from_name")}
      />
    </div>
  );
}
