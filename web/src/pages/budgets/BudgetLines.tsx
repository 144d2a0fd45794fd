import type { FieldProblem } from "../../api/http.js";
import { fieldText, TextField } from "../../components/forms.js";
import { useI18n } from "../../i18n/context.js";

/** A line as typed: the amount becomes the item's `total` on the wire. */
export interface Line {
  description: string;
  amount: string;
}

interface Props {
  items: Line[];
  onChange: (items: Line[]) => void;
  errors: Record<string, FieldProblem>;
}

export function BudgetLines({ items, onChange, errors }: Props) {
  const { t } = useI18n();
  const update = (i: number, patch: Partial<Line>) =>
    onChange(items.map((item, j) => (j === i ? { ...item, ...patch } : item)));
  return (
    <fieldset className="lines">
      <legend>{t("budgets.items")}</legend>
      {items.map((item, i) => (
        // Lines have no identity of their own; their position is their key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <div className="line" key={i}>
          <TextField
            id={`budget-item-${i}-description`}
            label={t("budgets.itemDescription", { n: i + 1 })}
            value={item.description}
            onChange={(e) => update(i, { description: e.target.value })}
            error={fieldText(errors[`items.${i}.description`], t)}
          />
          <TextField
            id={`budget-item-${i}-amount`}
            label={t("budgets.itemAmount", { n: i + 1 })}
            inputMode="decimal"
            value={item.amount}
            onChange={(e) => update(i, { amount: e.target.value })}
            error={fieldText(errors[`items.${i}.total`], t)}
          />
          <button
            type="button"
            className="btn btn-ghost btn-small"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
            disabled={items.length === 1}
            aria-label={t("budgets.removeItem", { n: i + 1 })}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => onChange([...items, { description: "", amount: "" }])}
      >
        + {t("budgets.addItem")}
      </button>
    </fieldset>
  );
}
