import type { NotificationTypeInfo, Patient } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { useI18n } from "../../i18n/context.js";
import { Link } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { AppointmentList } from "../appointments/AppointmentList.js";

export function PatientAppointments({ patient, types }: { patient: Patient; types: NotificationTypeInfo[] }) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const list = useAsync(
    () => api.appointments({ page: 1, page_size: 50, patient_id: patient.id }),
    [api, patient.id],
  );
  return (
    <section className="card" aria-labelledby="patient-appointments-title">
      <div className="card-header">
        <h2 id="patient-appointments-title">{t("appointments.title")}</h2>
        <Link className="btn btn-small" href={`/appointments?patient_id=${encodeURIComponent(patient.id)}`}>
          + {t("appointments.new")}
        </Link>
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && list.data.data.length === 0 ? <Empty title={t("appointments.empty")} /> : null}
      {list.data && list.data.data.length > 0 ? (
        <AppointmentList appointments={list.data.data} types={types} onChanged={list.reload} />
      ) : null}
    </section>
  );
}
