// Save, and "reset to default" with an inline confirmation (only when a clinic override exists).
import { useState } from "react";
import type { TemplateSource } from "../../../api/types.js";
import { useI18n } from "../../../i18n/context.js";

interface Props {
  dirty: boolean;
  /** The source has errors a save would be refused for: Save waits until they are fixed. */
  hasErrors: boolean;
  source: TemplateSource;
  onSave: () => Promise<void>;
  onReset: () => Promise<void>;
}

export function TemplateActions({ dirty, hasErrors, source, onSave, onReset }: Props) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  };

  return (
    <div className="actions">
      {source === "clinic" && !confirming ? (
        <button type="button" className="btn btn-ghost" disabled={busy} onClick={() => setConfirming(true)}>
          {t("templates.reset")}
        </button>
      ) : null}
      {confirming ? (
        <div className="confirm">
          <span>{t("templates.resetConfirm")}</span>
          <button type="button" className="btn btn-danger" disabled={busy} onClick={() => run(onReset)}>
            {t("templates.resetYes")}
          </button>
          <button type="button" className="btn btn-ghost" onClick={() => setConfirming(false)}>
            {t("common.cancel")}
          </button>
        </div>
      ) : null}
      <span className="spacer" />
      {dirty && hasErrors ? (
        <span className="muted" id="tpl-save-blocked" data-testid="tpl-save-blocked">
          {t("templates.hasErrors")}
        </span>
      ) : dirty ? (
        <span className="muted">{t("common.unsaved")}</span>
      ) : null}
      <button
        type="button"
        className="btn btn-primary"
        disabled={busy || !dirty || hasErrors}
        aria-describedby={hasErrors ? "tpl-save-blocked" : undefined}
        data-testid="tpl-save"
        onClick={() => run(onSave)}
      >
        {source === "clinic" ? t("common.save") : t("templates.saveAsClinic")}
      </button>
    </div>
  );
}
