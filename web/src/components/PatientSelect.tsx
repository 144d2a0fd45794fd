// Pick a patient: a search box narrows the list the server returns (first 50 matches). The
// chosen patient stays listed (and so visible) while a search shows others, so what the form
// will submit is always what the select shows.
import { useState } from "react";
import type { Patient } from "../api/types.js";
import { useAuthed } from "../app/session.js";
import { useI18n } from "../i18n/context.js";
import { useAsync, useDebounced } from "../lib/useAsync.js";

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (patientId: string, patient: Patient | undefined) => void;
  error?: string;
  /** Offer "all patients" (for filters) instead of requiring a choice. */
  allowAll?: boolean;
  required?: boolean;
}

export function PatientSelect({ id, label, value, onChange, error, allowAll, required }: Props) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const [search, setSearch] = useState("");
  const q = useDebounced(search, 250);
  const { data, loading } = useAsync(
    () => api.patients({ page: 1, page_size: 50, q: q || undefined }),
    [api, q],
  );
  const found = data?.data ?? [];
  const missing = !!value && !!data && !found.some((p) => p.id === value);
  const chosen = useAsync(
    () => (missing ? api.patient(value).catch(() => undefined) : Promise.resolve(undefined)),
    [api, value, missing],
  );
  const list = missing && chosen.data?.id === value ? [chosen.data, ...found] : found;

  return (
    <fieldset className="patient-select">
      <legend className="sr-only">{label}</legend>
      <div className="field">
        <label htmlFor={`${id}-search`}>{t("patients.searchLabel")}</label>
        <input
          id={`${id}-search`}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          placeholder={t("patients.searchPlaceholder")}
        />
      </div>
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <select
          id={id}
          value={value}
          required={required}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) =>
            onChange(
              e.target.value,
              list.find((p) => p.id === e.target.value),
            )
          }
        >
          <option value="">
            {allowAll ? t("common.all") : loading ? t("common.loading") : t("common.choose")}
          </option>
          {list.map((p) => (
            <option key={p.id} value={p.id}>
              {p.last_name}, {p.first_name}
              {p.email ? ` — ${p.email}` : ""}
            </option>
          ))}
        </select>
        {error ? (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
