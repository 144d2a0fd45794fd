import type { EmailLog } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { ReasonText } from "../../../components/ReasonText.js";
import { StatusBadge } from "../../../components/StatusBadge.js";
import { useI18n } from "../../../i18n/context.js";
import { formatDateTime } from "../../../lib/datetime.js";
import { Link } from "../../../lib/router.js";

export function LogTable({ logs, onOpen }: { logs: EmailLog[]; onOpen: (id: string) => void }) {
  const { t, typeLabel, locale } = useI18n();
  const { clinic } = useAuthed();
  return (
    <div className="table-wrap">
      <table className="table table-hover">
        <thead>
          <tr>
            <th scope="col">{t("logs.status")}</th>
            <th scope="col">{t("logs.type")}</th>
            <th scope="col">{t("logs.recipient")}</th>
            <th scope="col">{t("logs.patient")}</th>
            <th scope="col">{t("logs.date")}</th>
            <th scope="col">
              <span className="sr-only">{t("common.actions")}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {logs.map((log) => (
            <tr
              key={log.id}
              data-testid="log-row"
              data-status={log.status}
              data-type={log.template_key}
              onClick={(e) => {
                // Links and buttons inside the row do their own thing.
                if ((e.target as HTMLElement).closest("a,button")) return;
                onOpen(log.id);
              }}
            >
              <td>
                <StatusBadge status={log.status} />
                {log.status !== "sent" && log.error_message ? (
                  <div className="muted small reason" data-testid="log-reason">
                    <ReasonText code={log.error_message} />
                  </div>
                ) : null}
              </td>
              <td>{typeLabel(log.notification_type ?? log.template_key)}</td>
              <td className="truncate">{log.recipient_email}</td>
              <td>
                {log.patient_id ? (
                  <Link href={`/patients/${log.patient_id}`}>
                    {log.recipient_name || t("logs.patientLink")}
                  </Link>
                ) : (
                  (log.recipient_name ?? "—")
                )}
              </td>
              <td className="nowrap">
                {formatDateTime(log.sent_at ?? log.created_at, locale, clinic.timezone)}
                {log.status === "pending" && log.next_attempt_at ? (
                  <div className="muted small">
                    {t("logs.scheduledFor", {
                      date: formatDateTime(log.next_attempt_at, locale, clinic.timezone),
                    })}
                  </div>
                ) : null}
              </td>
              <td>
                <button type="button" className="btn btn-small" onClick={() => onOpen(log.id)}>
                  {t("logs.open")}
                  <span className="sr-only">: {log.subject ?? log.recipient_email}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
