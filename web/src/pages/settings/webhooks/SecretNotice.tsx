// A new endpoint's signing secret, shown once (the server never answers it again), with a
// copy button. It stays until the user says they have it.
import { useState } from "react";
import { useI18n } from "../../../i18n/context.js";

export function SecretNotice({ secret, onDone }: { secret: string; onDone: () => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);

  async function copy() {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  }

  return (
    <div className="banner banner-warning" role="alert" data-testid="webhook-secret">
      <p>
        <strong>{t("webhooks.secretTitle")}</strong> · {t("webhooks.secretOnce")}
      </p>
      <p>
        <code className="secret" data-testid="webhook-secret-value">
          {secret}
        </code>
      </p>
      <div className="row">
        <button type="button" className="btn btn-small" onClick={copy}>
          {t("webhooks.copy")}
        </button>
        {copied ? (
          <span className="muted" role="status">
            {t("webhooks.copied")}
          </span>
        ) : null}
        <button type="button" className="btn btn-small btn-primary" onClick={onDone}>
          {t("webhooks.done")}
        </button>
      </div>
    </div>
  );
}
