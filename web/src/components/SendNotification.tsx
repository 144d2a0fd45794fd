// "Send notification" for one record: pick a type, send it now through POST /notifications/send,
// and show what happened (sent, queued, or why it was not sent). A patient without an email
// address cannot be sent anything: the button is disabled and says why.
import { useState } from "react";
import type { SendRequest, SendResult } from "../api/types.js";
import { useAuthed } from "../app/session.js";
import { useI18n } from "../i18n/context.js";
import { PERM } from "../lib/permissions.js";
import { Link } from "../lib/router.js";
import { useAction } from "../lib/useAction.js";
import { useAsync } from "../lib/useAsync.js";
import { ErrorBanner } from "./feedback.js";

interface Props {
  id: string;
  patientId: string;
  /** The patient's address when the caller has it (null: none); looked up otherwise. */
  patientEmail?: string | null;
  appointmentId?: string;
  budgetId?: string;
  types: string[];
}

export function SendNotification({ id, patientId, patientEmail, appointmentId, budgetId, types }: Props) {
  const { busy, error, run } = useAction();
  const { api, can } = useAuthed();
  const { t, typeLabel } = useI18n();
  const [type, setType] = useState(types[0] ?? "");
  const [result, setResult] = useState<SendResult | null>(null);
  const known = patientEmail !== undefined;
  const looked = useAsync(
    () => (known ? Promise.resolve(null) : api.patient(patientId).then((p) => p.email)),
    [api, patientId, known],
  );
  const email = known ? patientEmail : looked.data;
  // Unknown while loading (or when the lookup failed): let the server decide.
  const noEmail = email === null && (known || !looked.loading);
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
        <button
          type="button"
          className="btn btn-secondary"
          onClick={send}
          disabled={busy || noEmail}
          aria-describedby={noEmail ? `${id}-no-email` : undefined}
        >
          ✉ {busy ? t("send.sending") : t("send.send")}
        </button>
      </div>
      {noEmail ? (
        <p id={`${id}-no-email`} className="hint hint-warning" data-testid={`${id}-no-email`}>
          {t("send.noEmail")}
        </p>
      ) : null}
      <ErrorBanner error={error} />
      {result ? (
        <div
          className={`result ${result.success ? "result-success" : "result-failure"}`}
          role="status"
          data-testid={`${id}-result`}
        >
          <strong>{result.success ? `✓ ${t("send.ok")}` : `✕ ${t("send.notSent")}`}</strong>
          {/* Worded from the answer's status, never the server's English message. */}
          <p>{t(`sendResult.${result.status}`)}</p>
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
