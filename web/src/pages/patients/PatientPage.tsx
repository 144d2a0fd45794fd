// One patient: contact details, notification preferences, appointments, budgets,
// and the manual emails that can be sent from each.
import { useAuthed } from "../../app/session.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { ErrorBanner, Loading } from "../../components/feedback.js";
import { SendNotification } from "../../components/SendNotification.js";
import { useI18n } from "../../i18n/context.js";
import { sendContextOf } from "../../lib/notificationTypes.js";
import { PERM } from "../../lib/permissions.js";
import { Link } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { PatientAppointments } from "./PatientAppointments.js";
import { PatientBudgets } from "./PatientBudgets.js";
import { PreferencesCard } from "./PreferencesCard.js";

export function PatientPage({ id }: { id: string }) {
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const { types } = useNotificationTypes();
  const patient = useAsync(() => api.patient(id), [api, id]);
  const p = patient.data;

  if (patient.error) return <ErrorBanner error={patient.error} onRetry={patient.reload} />;
  if (!p) return <Loading />;

  const patientTypes = types.filter((x) => sendContextOf(x.key) === "patient").map((x) => x.key);

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <Link href="/patients">{t("patients.title")}</Link> /
        </p>
        <h1>
          {p.first_name} {p.last_name}
        </h1>
        <p className="muted">
          {p.email ?? t("patients.noEmail")}
          {p.phone ? ` · ${p.phone}` : ""}
          {can(PERM.logsRead) ? (
            <>
              {" · "}
              <Link href={`/settings/notifications/logs?patient_id=${encodeURIComponent(p.id)}`}>
                {t("patients.emailHistory")}
              </Link>
            </>
          ) : null}
        </p>
      </header>
      <div className="grid-2">
        {can(PERM.preferencesRead) ? <PreferencesCard patientId={p.id} types={types} /> : null}
        {can(PERM.send) ? (
          <section className="card" aria-labelledby="patient-send-title">
            <h2 id="patient-send-title">{t("send.title")}</h2>
            <p className="muted">{t("send.intro")}</p>
            <SendNotification id="patient-send" patientId={p.id} types={patientTypes} />
          </section>
        ) : null}
      </div>
      <PatientAppointments patient={p} types={types} />
      <PatientBudgets patient={p} types={types} />
    </div>
  );
}
