import { useNotificationTypes } from "../../../app/useTypes.js";
import { SelectField, TextField } from "../../../components/forms.js";
import { PatientCombobox } from "../../../components/PatientCombobox.js";
import { useI18n } from "../../../i18n/context.js";
import type { FilterState } from "./filters.js";

const STATUSES = ["sent", "pending", "failed", "skipped"] as const;

export function LogFiltersForm({
  value,
  onChange,
}: {
  value: FilterState;
  onChange: (f: FilterState) => void;
}) {
  const { t, typeLabel } = useI18n();
  const { types } = useNotificationTypes();
  // Any change of filter goes back to the first page.
  const set = (k: keyof Omit<FilterState, "page">, v: string) => onChange({ ...value, [k]: v, page: 1 });
  const active = !!(value.status || value.template_key || value.patient_id || value.from || value.to);

  return (
    <form className="card filters" aria-label={t("logs.filters")} onSubmit={(e) => e.preventDefault()}>
      <SelectField
        id="log-status"
        label={t("logs.status")}
        value={value.status}
        onChange={(e) => set("status", e.target.value)}
      >
        <option value="">{t("common.all")}</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {t(`status.${s}`)}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="log-type"
        label={t("logs.type")}
        value={value.template_key}
        onChange={(e) => set("template_key", e.target.value)}
      >
        <option value="">{t("common.all")}</option>
        {types.map((x) => (
          <option key={x.key} value={x.key}>
            {typeLabel(x.key)}
          </option>
        ))}
      </SelectField>
      <PatientCombobox
        id="log-patient"
        label={t("logs.patient")}
        value={value.patient_id}
        onChange={(id) => set("patient_id", id)}
      />
      <TextField
        id="log-from"
        label={t("logs.from")}
        type="date"
        value={value.from}
        onChange={(e) => set("from", e.target.value)}
      />
      <TextField
        id="log-to"
        label={t("logs.to")}
        type="date"
        value={value.to}
        onChange={(e) => set("to", e.target.value)}
      />
      {active ? (
        <div className="filters-clear">
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() =>
              onChange({ status: "", template_key: "", patient_id: "", from: "", to: "", page: 1 })
            }
          >
            {t("logs.clearFilters")}
          </button>
        </div>
      ) : null}
    </form>
  );
}
