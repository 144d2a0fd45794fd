import type { FieldProblem } from "../../api/http.js";
import type { NotificationTypeInfo, TypeSetting } from "../../api/types.js";
import { fieldText } from "../../components/forms.js";
import { useI18n } from "../../i18n/context.js";

interface Props {
  type: NotificationTypeInfo;
  value: TypeSetting;
  onChange: (v: TypeSetting) => void;
  disabled: boolean;
  errors: Record<string, FieldProblem>;
}

export function TypeRow({ type, value, onChange, disabled, errors }: Props) {
  const { t, typeLabel } = useI18n();
  const id = `type-${type.key}`;
  const label = typeLabel(type.key);
  const err = (f: string) =>
    fieldText(errors[`settings.${type.key}.${f}`] ?? errors[`settings.${type.key}`], t);
  const hoursError = err("hours_before");
  // A type that is off sends nothing: its other settings do not apply until it is on again.
  const off = !value.enabled;

  return (
    <tr data-testid={id} className={off ? "is-off" : undefined}>
      <th scope="row">
        <span className="type-name">{label}</span>
        <code className="muted small">{type.key}</code>
        {off ? (
          <span className="type-off small" id={`${id}-off`}>
            {t("types.off")}
          </span>
        ) : null}
      </th>
      <td data-label={t("types.enabled")}>
        <label className="switch" htmlFor={`${id}-enabled`}>
          <input
            id={`${id}-enabled`}
            type="checkbox"
            checked={value.enabled}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, enabled: e.target.checked })}
          />
          <span className="sr-only">
            {t("types.enabled")}: {label}
          </span>
        </label>
      </td>
      <td data-label={t("types.autoSend")}>
        <label className="switch" htmlFor={`${id}-auto`}>
          <input
            id={`${id}-auto`}
            type="checkbox"
            checked={value.auto_send}
            disabled={disabled || off}
            aria-describedby={off ? `${id}-off` : undefined}
            onChange={(e) => onChange({ ...value, auto_send: e.target.checked })}
          />
          <span className="sr-only">
            {t("types.autoSend")}: {label}
          </span>
        </label>
      </td>
      <td data-label={t("types.patientLinks")} className={type.patient_links ? undefined : "hide-phone"}>
        {type.patient_links ? (
          <div className="switch-with-hint">
            <label className="switch" htmlFor={`${id}-links`}>
              <input
                id={`${id}-links`}
                type="checkbox"
                checked={value.patient_links ?? true}
                disabled={disabled || off}
                aria-describedby={off ? `${id}-off` : `${id}-links-hint`}
                onChange={(e) => onChange({ ...value, patient_links: e.target.checked })}
              />
              <span className="sr-only">
                {t("types.patientLinks")}: {label}
              </span>
            </label>
            <span id={`${id}-links-hint`} className="muted small">
              {t("types.patientLinksHint")}
            </span>
          </div>
        ) : (
          <span className="muted" aria-hidden="true">
            —
          </span>
        )}
      </td>
      <td data-label={t("types.hoursBefore")} className={type.hours_before ? undefined : "hide-phone"}>
        {type.hours_before ? (
          <div className="hours">
            <label htmlFor={`${id}-hours`} className="sr-only">
              {t("types.hoursBefore")}: {label}
            </label>
            <input
              id={`${id}-hours`}
              type="number"
              min={1}
              max={168}
              required
              className="input-narrow"
              disabled={disabled || off}
              value={value.hours_before ?? ""}
              aria-invalid={hoursError ? true : undefined}
              aria-describedby={hoursError ? `${id}-hours-error` : off ? `${id}-off` : `${id}-hours-hint`}
              onChange={(e) =>
                onChange({
                  ...value,
                  hours_before: e.target.value === "" ? undefined : Number(e.target.value),
                })
              }
            />
            <span id={`${id}-hours-hint`} className="muted small">
              {t("types.hoursHint")}
            </span>
            {hoursError ? (
              <p id={`${id}-hours-error`} className="field-error">
                {hoursError}
              </p>
            ) : null}
          </div>
        ) : (
          <span className="muted" aria-hidden="true">
            —
          </span>
        )}
      </td>
    </tr>
  );
}
