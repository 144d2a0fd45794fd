// Shown when the clinic has no professional yet: an appointment needs one.
import { useState } from "react";
import { ApiError } from "../../api/http.js";
import type { Professional } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { FormErrors } from "../../components/feedback.js";
import { fieldText, TextField } from "../../components/forms.js";
import { useI18n } from "../../i18n/context.js";

export function ProfessionalForm({ onCreated }: { onCreated: (p: Professional) => void }) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const [first, setFirst] = useState("");
  const [last, setLast] = useState("");
  const [error, setError] = useState<unknown>(null);

  async function create() {
    setError(null);
    try {
      onCreated(await api.createProfessional({ first_name: first.trim(), last_name: last.trim() }));
    } catch (err) {
      setError(err);
    }
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <fieldset className="subcard">
      <legend>{t("appointments.noProfessional")}</legend>
      <FormErrors error={error} shown={(f) => f === "first_name" || f === "last_name"} />
      <TextField
        id="pro-first"
        label={t("patients.firstName")}
        value={first}
        onChange={(e) => setFirst(e.target.value)}
        error={fieldText(fe.first_name, t)}
      />
      <TextField
        id="pro-last"
        label={t("patients.lastName")}
        value={last}
        onChange={(e) => setLast(e.target.value)}
        error={fieldText(fe.last_name, t)}
      />
      <button type="button" className="btn btn-secondary btn-small" onClick={create} disabled={!first.trim()}>
        {t("appointments.addProfessional")}
      </button>
    </fieldset>
  );
}
