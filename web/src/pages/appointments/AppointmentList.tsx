import type { Appointment, NotificationTypeInfo } from "../../api/types.js";
import { useFormatDate } from "../../app/useFormatDate.js";
import { Badge } from "../../components/feedback.js";
import { useI18n } from "../../i18n/context.js";
import { Link } from "../../lib/router.js";
import { AppointmentActions } from "./AppointmentActions.js";

interface Props {
  appointments: Appointment[];
  types: NotificationTypeInfo[];
  onChanged: () => void;
  showPatient?: boolean;
}

export function AppointmentList({ appointments, types, onChanged, showPatient }: Props) {
  const { t } = useI18n();
  const formatDate = useFormatDate();
  return (
    <ul className="item-list">
      {appointments.map((a) => (
        <li key={a.id} className="item" data-testid="appointment" data-status={a.status}>
          <div className="item-main">
            <div className="item-title">
              <strong>{formatDate(a.start_time)}</strong>
              <span className="muted"> · {t("appointments.minutes", { n: a.duration_minutes })}</span>{" "}
              {a.status === "cancelled" ? (
                <Badge tone="danger">{t("appointments.cancelled")}</Badge>
              ) : (
                <Badge tone="info">{t("appointments.scheduled")}</Badge>
              )}{" "}
              {a.patient_response && a.patient_responded_at ? (
                <span data-testid="appointment-answer" data-response={a.patient_response}>
                  <Badge tone={a.patient_response === "confirmed" ? "success" : "warning"}>
                    {t(`appointments.answer.${a.patient_response}`, {
                      date: formatDate(a.patient_responded_at),
                    })}
                  </Badge>
                </span>
              ) : null}
            </div>
            <div className="muted small">
              {showPatient ? (
                <>
                  <Link href={`/patients/${a.patient_id}`}>{a.patient_name}</Link> ·{" "}
                </>
              ) : null}
              {a.professional_name}
              {a.reason ? ` · ${a.reason}` : ""}
              {a.cancel_reason ? ` · ${t("appointments.cancelReason")}: ${a.cancel_reason}` : ""}
            </div>
          </div>
          <AppointmentActions appointment={a} types={types} onChanged={onChanged} />
        </li>
      ))}
    </ul>
  );
}
