import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { Patient } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { FormErrors } from "../../components/feedback.js";
import { SelectField, TextField } from "../../components/forms.js";
import { asLocale, LOCALES, languageName, useI18n } from "../../i18n/context.js";
import { useAction } from "../../lib/useAction.js";

export function PatientForm({
  onCreated,
  onCancel,
}: {
  onCreated: (p: Patient) => void;
  onCancel: () => void;
}) {
  const { busy, error, run } = useAction();
  const { api, clinic } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const [f, setF] = useState({
    first_name: "",
    last_name: "",
    email: "",
    phone: "",
    preferred_locale: asLocale(clinic.default_locale) ?? "es",
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const p = await api.createPatient({
        first_name: f.first_name.trim(),
        last_name: f.last_name.trim(),
        email: f.email.trim() || undefined,
        phone: f.phone.trim() || undefined,
        preferred_locale: f.preferred_locale,
      });
      toast(t("patients.created"));
      onCreated(p);
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-patient-title">
      <h2 id="new-patient-title">{t("patients.new")}</h2>
      <FormErrors error={error} shown={(field) => field in f} />
      <div className="form-grid">
        <TextField
          id="patient-first"
          label={t("patients.firstName")}
          required
          value={f.first_name}
          onChange={set("first_name")}
          error={fe.first_name?.message}
          autoComplete="off"
        />
        <TextField
          id="patient-last"
          label={t("patients.lastName")}
          required
          value={f.last_name}
          onChange={set("last_name")}
          error={fe.last_name?.message}
          autoComplete="off"
        />
        <TextField
          id="patient-email"
          label={t("patients.email")}
          type="email"
          value={f.email}
          onChange={set("email")}
          error={fe.email?.message}
          autoComplete="off"
        />
        <TextField
          id="patient-phone"
          label={t("patients.phone")}
          type="tel"
          value={f.phone}
          onChange={set("phone")}
          error={fe.phone?.message}
          autoComplete="off"
        />
        <SelectField
          id="patient-locale"
          label={t("patients.language")}
          value={f.preferred_locale}
          onChange={set("preferred_locale")}
          error={fe.preferred_locale?.message}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("patients.create")}
        </button>
      </div>
    </form>
  );
}
