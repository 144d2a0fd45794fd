// One email as the patient saw it, with its delivery facts, the error when it failed,
// and a retry for failed ones.
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { BounceNotice } from "../../../components/BounceNotice.js";
import { Drawer } from "../../../components/Drawer.js";
import { EmailFrame } from "../../../components/EmailFrame.js";
import { ErrorBanner, Loading } from "../../../components/feedback.js";
import { ReasonText } from "../../../components/ReasonText.js";
import { StatusBadge } from "../../../components/StatusBadge.js";
import { useI18n } from "../../../i18n/context.js";
import { PERM } from "../../../lib/permissions.js";
import { useAction } from "../../../lib/useAction.js";
import { useAsync } from "../../../lib/useAsync.js";
import { LogFacts } from "./LogFacts.js";

export function LogDetail({
  id,
  onClose,
  onChanged,
}: {
  id: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { busy, error: retryError, run } = useAction();
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const log = useAsync(() => api.log(id), [api, id]);

  async function retry() {
    await run(async () => {
      await api.retryLog(id);
      toast(t("logs.retried"));
      log.reload();
      onChanged();
    });
  }

  const d = log.data;
  // A skipped email was never built nor sent: it has no attachments and no content.
  const skipped = d?.status === "skipped";
  return (
    <Drawer title={d?.subject || t("logs.detail")} onClose={onClose}>
      {log.error ? <ErrorBanner error={log.error} onRetry={log.reload} /> : null}
      {!d && log.loading ? <Loading /> : null}
      {d ? (
        <div className="stack" data-testid="log-detail">
          <div className="row">
            <StatusBadge status={d.status} />
            {d.status === "failed" && can(PERM.send) ? (
              <button type="button" className="btn btn-primary btn-small" onClick={retry} disabled={busy}>
                ↻ {t("logs.retry")}
              </button>
            ) : null}
          </div>
          <ErrorBanner error={retryError} />
          {d.error_message ? (
            <div className={`banner banner-block ${d.status === "skipped" ? "banner-info" : "banner-error"}`}>
              <strong>{d.status === "skipped" ? t("logs.skipReason") : t("logs.error")}:</strong>{" "}
              <span data-testid="log-detail-error">
                <ReasonText code={d.error_message} />
              </span>
            </div>
          ) : null}
          {d.recipient_suppression ? (
            <BounceNotice
              email={d.recipient_suppression.email}
              reply={d.recipient_suppression.smtp_reply}
              suppressionId={d.recipient_suppression.id}
              failedLogId={d.status === "failed" ? d.id : null}
              onResent={() => {
                log.reload();
                onChanged();
              }}
            />
          ) : null}
          <LogFacts log={d} />
          {!skipped && d.attachments.length ? (
            <div>
              <h3>{t("logs.attachments")}</h3>
              <ul className="attachments" data-testid="log-attachments">
                {d.attachments.map((a) => (
                  <li key={a.filename}>
                    {a.filename} <span className="muted small">{a.content_type}</span>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <div>
            <h3>{t("logs.asSeen")}</h3>
            {d.body_html ? (
              <EmailFrame html={d.body_html} title={t("logs.asSeen")} testId="log-frame" />
            ) : d.body_text ? (
              <pre className="preview-text">{d.body_text}</pre>
            ) : (
              <p className="muted">{skipped ? t("logs.notSentBody") : t("logs.noBody")}</p>
            )}
          </div>
        </div>
      ) : null}
    </Drawer>
  );
}
