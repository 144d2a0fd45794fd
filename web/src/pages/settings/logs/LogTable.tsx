// The log's rows: what the email was (type, subject, the appointment it is about), to whom,
// and when. On a phone each row becomes a card (see .table-cards in styles.css).
import type { EmailLog } from "../../../api/types.js";
import { useFormatDate } from "../../../app/useFormatDate.js";
import { ReasonText } from "../../../components/ReasonText.js";
import { StatusBadge } from "../../../components/StatusBadge.js";
import { useI18n } from "../../../i18n/context.js";
import { Link } from "../../../lib/router.js";

/** A log row as the list answers it; `appointment_start` only for an appointment's emails. */
export type LogRow = EmailLog & { appointment_start?: string | null };

export function LogTable({ logs, onOpen }: { logs: LogRow[]; onOpen: (id: string) => void }) {
  const { t, typeLabel } = useI18n();
  const formatDate = useFormatDate();
  return (
    <div className="table-wrap">
      <table className="table table-hover table-cards">
        <thead>
          <tr>
            <th scope="col">{t("logs.status")}</th>
            <th scope="col">{t("logs.email")}</th>
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
              <td data-label={t("logs.status")}>
                <StatusBadge status={log.status} />
                {log.status !== "sent" && log.error_message ? (
                  <div className="muted small reason" data-testid="log-reason">
                    <ReasonText code={log.error_message} />
                  </div>
                ) : null}
              </td>
              <td data-label={t("logs.email")} className="cell-email">
                <strong className="block">{typeLabel(log.notification_type ?? log.template_key)}</strong>
                {log.subject ? (
                  <span className="block" data-testid="log-subject">
                    {log.subject}
                  </span>
                ) : null}
                {log.appointment_start ? (
                  <span className="block muted small" data-testid="log-appointment">
                    {t("logs.appointmentAt", { date: formatDate(log.appointment_start) })}
                  </span>
                ) : null}
              </td>
              <td data-label={t("logs.patient")} className="cell-wrap">
                {log.patient_id ? (
                  <Link href={`/patients/${log.patient_id}`}>
                    {log.recipient_name || t("logs.patientLink")}
                  </Link>
                ) : (
                  (log.recipient_name ?? "—")
                )}
                <span className="block muted small">{log.recipient_email}</span>
              </td>
              <td data-label={t("logs.date")} className="nowrap">
                {formatDate(log.sent_at ?? log.created_at)}
                {log.status === "pending" && log.next_attempt_at ? (
                  <div className="muted small">
                    {t("logs.scheduledFor", { date: formatDate(log.next_attempt_at) })}
                  </div>
                ) : null}
              </td>
              <td className="cell-action">
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
