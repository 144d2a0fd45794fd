// New budget: patient, lines (description + amount) and a total that follows the lines
// until the user types one.
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/http.js";
import { useAuthed } from "../../app/session.js";
import { useToast } from "../../app/toast.js";
import { FormErrors } from "../../components/feedback.js";
import { fieldText, SelectField, TextField } from "../../components/forms.js";
import { PatientSelect } from "../../components/PatientSelect.js";
import { useI18n } from "../../i18n/context.js";
import { normalizeAmount, sumAmounts } from "../../lib/money.js";
import { useAction } from "../../lib/useAction.js";
import { BudgetLines, type Line } from "./BudgetLines.js";

const CURRENCIES = ["EUR", "USD", "GBP", "MXN"];

export function BudgetForm({
  initialPatientId,
  onCreated,
}: {
  initialPatientId: string;
  onCreated: () => void;
}) {
  const { busy, error, run } = useAction();
  const { api } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const [patientId, setPatientId] = useState(initialPatientId);
  const [currency, setCurrency] = useState("EUR");
  const [items, setItems] = useState<Line[]>([{ description: "", amount: "" }]);
  const [typedTotal, setTypedTotal] = useState<string | null>(null);
  // A new key after each budget clears the picker's search too.
  const [pickerKey, setPickerKey] = useState(0);
  const total = typedTotal ?? sumAmounts(items.map((i) => i.amount));

  async function submit(e: FormEvent) {
    e.preventDefault();
    await run(async () => {
      const lines = items.filter((i) => i.description.trim() || i.amount.trim());
      await api.createBudget({
        patient_id: patientId,
        total: normalizeAmount(total),
        currency,
        items: lines.length
          ? lines.map((i) => ({
              description: i.description.trim(),
              total: normalizeAmount(i.amount) || undefined,
            }))
          : undefined,
      });
      toast(t("budgets.created"));
      // Start the next budget from scratch: never silently for the same patient.
      setPatientId("");
      setPickerKey((k) => k + 1);
      setCurrency("EUR");
      setItems([{ description: "", amount: "" }]);
      setTypedTotal(null);
      onCreated();
    });
  }

  const fe = error instanceof ApiError ? error.fieldErrors : {};
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-budget-title">
      <h2 id="new-budget-title">{t("budgets.new")}</h2>
      <FormErrors
        error={error}
        shown={(f) =>
          ["patient_id", "currency", "total"].includes(f) || /^items\.\d+\.(description|total)$/.test(f)
        }
      />
      <div className="form-grid">
        <PatientSelect
          key={pickerKey}
          id="budget-patient"
          label={t("budgets.patient")}
          value={patientId}
          onChange={(id) => setPatientId(id)}
          error={fieldText(fe.patient_id, t)}
          required
        />
        <SelectField
          id="budget-currency"
          label={t("budgets.currency")}
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
          error={fieldText(fe.currency, t)}
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
      </div>
      <BudgetLines items={items} onChange={setItems} errors={fe} />
      <div className="form-grid">
        <TextField
          id="budget-total"
          label={t("budgets.total")}
          inputMode="decimal"
          pattern="^\d+([.,]\d{1,2})?$"
          required
          value={total}
          onChange={(e) => setTypedTotal(e.target.value)}
          hint={typedTotal === null ? t("budgets.totalHint") : undefined}
          error={fieldText(fe.total, t)}
        />
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t("common.saving") : t("budgets.create")}
        </button>
      </div>
    </form>
  );
}
