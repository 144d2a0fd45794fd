// One control to pick a patient by typing: a text box that searches as you type and a list of
// matches under it (the ARIA combobox pattern). Empty means "all patients".
import { type KeyboardEvent, useEffect, useId, useState } from "react";
import type { Patient } from "../api/types.js";
import { useAuthed } from "../app/session.js";
import { useI18n } from "../i18n/context.js";
import { useAsync, useDebounced } from "../lib/useAsync.js";

interface Props {
  id: string;
  label: string;
  /** The chosen patient's id; "" for all. */
  value: string;
  onChange: (patientId: string) => void;
}

const nameOf = (p: Patient) => `${p.last_name}, ${p.first_name}`.replace(/^, /, "");

export function PatientCombobox({ id, label, value, onChange }: Props) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const q = useDebounced(text.trim(), 200);
  const matches = useAsync(
    () => (open ? api.patients({ page: 1, page_size: 8, q: q || undefined }) : Promise.resolve(null)),
    [api, q, open],
  );
  // The chosen patient's name, also when the choice comes from the URL.
  const chosen = useAsync(
    () => (value ? api.patient(value).catch(() => null) : Promise.resolve(null)),
    [api, value],
  );
  const chosenName = chosen.data && chosen.data.id === value ? nameOf(chosen.data) : "";
  useEffect(() => {
    if (!open) setText(chosenName);
  }, [chosenName, open]);

  const options = matches.data?.data ?? [];
  const pick = (p: Patient | null) => {
    setOpen(false);
    setText(p ? nameOf(p) : "");
    onChange(p?.id ?? "");
  };

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown") {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, Math.max(options.length - 1, 0)));
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === "Enter" && open) {
      e.preventDefault();
      const p = options[active];
      if (p) pick(p);
    } else if (e.key === "Escape" && open) {
      e.preventDefault();
      setOpen(false);
      setText(chosenName);
    }
  }

  const activeId = open && options[active] ? `${id}-opt-${active}` : undefined;
  return (
    <div className="field combobox">
      <label htmlFor={id}>{label}</label>
      <div className="combobox-input">
        <input
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={open}
          aria-controls={listId}
          aria-activedescendant={activeId}
          placeholder={t("logs.patientAll")}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
            setOpen(true);
            // Emptied: back to every patient.
            if (!e.target.value.trim() && value) onChange("");
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => {
            // Let a click on an option land first.
            setTimeout(() => setOpen(false), 150);
          }}
          onKeyDown={onKey}
        />
        {value ? (
          <button
            type="button"
            className="btn btn-ghost btn-small combobox-clear"
            aria-label={t("logs.patientClear")}
            onClick={() => pick(null)}
          >
            ✕
          </button>
        ) : null}
      </div>
      {open ? (
        <div id={listId} role="listbox" aria-label={label} className="combobox-list">
          {matches.data && options.length === 0 ? (
            <p className="muted small combobox-empty">{t("logs.patientNone")}</p>
          ) : null}
          {options.map((p, i) => (
            // Mouse users click an option; keyboard users move with the arrows and press Enter
            // in the text box, which keeps the focus (aria-activedescendant).
            // biome-ignore lint/a11y/useKeyWithClickEvents: see above
            <div
              key={p.id}
              id={`${id}-opt-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "is-active" : undefined}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(p)}
            >
              <span>{nameOf(p)}</span>
              {p.email ? <span className="muted small"> · {p.email}</span> : null}
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
