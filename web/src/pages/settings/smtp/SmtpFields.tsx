// The inputs of the email-server form. Server connection fields only matter for SMTP.
import type { FieldProblem } from "../../../api/http.js";
import type { SmtpProvider } from "../../../api/types.js";
import { Badge } from "../../../components/feedback.js";
import { SelectField, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";
import type { SmtpForm } from "../../../lib/smtp.js";
import { SecurityRadios } from "./SecurityRadios.js";

interface Props {
  form: SmtpForm;
  onChange: (form: SmtpForm) => void;
  errors: Record<string, FieldProblem>;
  hasPassword: boolean;
}

export function SmtpFields({ form, onChange, errors, hasPassword }: Props) {
  const { t } = useI18n();
  const set = <K extends keyof SmtpForm>(key: K, value: SmtpForm[K]) => onChange({ ...form, [key]: value });
  const isSmtp = form.provider === "smtp";

  return (
    <div className="form-grid">
      <SelectField
        id="smtp-provider"
        label={t("smtp.provider")}
        value={form.provider}
        onChange={(e) => set("provider", e.target.value as SmtpProvider)}
        error={errors.provider?.message}
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
            error={errors.host?.message}
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
            error={errors.port?.message}
          />
          <SecurityRadios
            form={form}
            onChange={onChange}
            error={errors.use_tls?.message ?? errors.use_ssl?.message}
          />
          <TextField
            id="smtp-username"
            label={t("smtp.username")}
            value={form.username}
            onChange={(e) => set("username", e.target.value)}
            autoComplete="off"
            error={errors.username?.message}
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
            hint={hasPassword ? t("smtp.passwordKeep") : t("smtp.passwordWriteOnly")}
            error={errors.password?.message}
          />
        </>
      ) : null}
      <TextField
        id="smtp-from-email"
        label={t("smtp.fromEmail")}
        type="email"
        value={form.from_email}
        onChange={(e) => set("from_email", e.target.value)}
        placeholder="citas@clinica.es"
        error={errors.from_email?.message}
      />
      <TextField
        id="smtp-from-name"
        label={t("smtp.fromName")}
        value={form.from_name}
        onChange={(e) => set("from_name", e.target.value)}
        error={errors.from_name?.message}
      />
    </div>
  );
}
