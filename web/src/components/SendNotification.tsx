// "Send notification" for one record: pick a type, send it now through POST /notifications/send,
// and show what happened (sent, queued, or why it was not sent).
import { useState } from "react";
import type { SendRequest, SendResult } from "../api/types.js";
import { useAuthed } from "../app/session.js";
import { useI18n } from "../i18n/context.js";
import { PERM } from "../lib/permissions.js";
import { Link } from "../lib/router.js";
import { useAction } from "../lib/useAction.js";
import { ErrorBanner } from "./feedback.js";

interface Props {
  id: string;
  patientId: string;
  appointmentId?: string;
  budgetId?: string;
  types: string[];
}

export function SendNotification({ id, patientId, appointmentId, budgetId, types }: Props) {
  const { busy, error, run } = useAction();
  const { api, can } = useAuthed();
  const { t, typeLabel } = useI18n();
  const [type, setType] = useState(types[0] ?? "");
  const [result, setResult] = useState<SendResult | null>(null);
  if (!can(PERM.send) || types.length === 0) return null;
  const chosen = types.includes(type) ? type : (types[0] ?? "");

  async function send() {
    setResult(null);
    const body: SendRequest = { notification_type: chosen, patient_id: patientId };
    if (appointmentId) body.appointment_id = appointmentId;
    if (budgetId) body.budget_id = budgetId;
    await run(async () => {
      setResult(await api.sendNotification(body));
    });
  }

  return (
    <div className="send-notification">
      <div className="inline-form">
        <div className="field">
          <label htmlFor={`${id}-type`}>{t("send.type")}</label>
          <select id={`${id}-type`} value={chosen} onChange={(e) => setType(e.target.value)}>
            {types.map((x) => (
              <option key={x} value={x}>
                {typeLabel(x)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" className="btn btn-secondary" onClick={send} disabled={busy}>
          ✉ {busy ? t("send.sending") : t("send.send")}
        </button>
      </div>
      <ErrorBanner error={error} />
      {result ? (
        <div
          className={`result ${result.success ? "result-success" : "result-failure"}`}
          role="status"
          data-testid={`${id}-result`}
        >
          <strong>{result.success ? `✓ ${t("send.ok")}` : `✕ ${t("send.notSent")}`}</strong>
          {result.message ? <p>{result.message}</p> : null}
          {result.log_id && can(PERM.logsRead) ? (
            <Link href={`/settings/notifications/logs?log=${encodeURIComponent(result.log_id)}`}>
              {t("send.viewLog")}
            </Link>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
