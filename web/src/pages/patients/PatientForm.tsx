// A patient's contact details: a new patient, or the details of one already there (an email
// added later, a new phone, another language).
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/http.js";
import type { Patient } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { FormErrors } from "../../components/feedback.js";
import { fieldText, SelectField, TextField } from "../../components/forms.js";
import { asLocale, LOCALES, languageName, useI18n } from "../../i18n/context.js";
import { useAction } from "../../lib/useAction.js";

export function PatientForm({
  patient,
  onSaved,
  onCancel,
}: {
  /** The patient to edit; none for a new one. */
  patient?: Patient;
  onSaved: (p: Patient) => void;
  onCancel: () => void;
}) {
  const { busy, error, run } = useAction();
  const { api, clinic } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const [f, setF] = useState(() => ({
    first_name: patient?.first_name ?? "",
    last_name: patient?.last_name ?? "",
    email: patient?.email ?? "",
    phone: patient?.phone ?? "",
    // A new patient speaks the clinic's language unless told otherwise; an existing one keeps
    // what is stored, "none" included (the clinic's language).
    preferred_locale: patient ? (patient.preferred_locale ?? "") : (asLocale(clinic.default_locale) ?? "es"),
  }));
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const prefix = patient ? "patient-edit" : "patient";
  const titleId = patient ? "edit-patient-title" : "new-patient-title";

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      let saved: Patient;
      if (patient) {
        // An emptied field is removed, not kept.
        saved = await api.updatePatient(patient.id, {
          first_name: f.first_name.trim(),
          last_name: f.last_name.trim(),
          email: f.email.trim() || null,
          phone: f.phone.trim() || null,
          preferred_locale: f.preferred_locale || null,
        });
        toast(t("patients.saved"));
      } else {
        saved = await api.createPatient({
          first_name: f.first_name.trim(),
          last_name: f.last_name.trim(),
          email: f.email.trim() || undefined,
          phone: f.phone.trim() || undefined,
          preferred_locale: f.preferred_locale || undefined,
        });
        toast(t("patients.created"));
      }
      onSaved(saved);
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="card" onSubmit={submit} aria-labelledby={titleId}>
      <h2 id={titleId}>{patient ? t("patients.editTitle") : t("patients.new")}</h2>
      <FormErrors error={error} shown={(field) => field in f} />
      <div className="form-grid">
        <TextField
          id={`${prefix}-first`}
          label={t("patients.firstName")}
          required
          value={f.first_name}
          onChange={set("first_name")}
          error={fieldText(fe.first_name, t)}
          autoComplete="off"
        />
        <TextField
          id={`${prefix}-last`}
          label={t("patients.lastName")}
          required={!patient}
          value={f.last_name}
          onChange={set("last_name")}
          error={fieldText(fe.last_name, t)}
          autoComplete="off"
        />
        <TextField
          id={`${prefix}-email`}
          label={t("patients.email")}
          type="email"
          value={f.email}
          onChange={set("email")}
          error={fieldText(fe.email, t)}
          autoComplete="off"
        />
        <TextField
          id={`${prefix}-phone`}
          label={t("patients.phone")}
          type="tel"
          value={f.phone}
          onChange={set("phone")}
          error={fieldText(fe.phone, t)}
          autoComplete="off"
        />
        <SelectField
          id={`${prefix}-locale`}
          label={t("patients.language")}
          value={f.preferred_locale}
          onChange={set("preferred_locale")}
          error={fieldText(fe.preferred_locale, t)}
        >
          {patient ? <option value="">{t("prefs.clinicLanguage")}</option> : null}
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
          {f.preferred_locale && !asLocale(f.preferred_locale) ? (
            <option value={f.preferred_locale}>{f.preferred_locale}</option>
          ) : null}
        </SelectField>
      </div>
      <div className="actions">
        <button type="button" className="btn btn-ghost" onClick={onCancel}>
          {t("common.cancel")}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("common.saving") : patient ? t("common.save") : t("patients.create")}
        </button>
      </div>
    </form>
  );
}
