// One patient: contact details (editable), notification preferences, appointments, budgets,
// and the manual emails that can be sent from each.
import { useState } from "react";
import { useAuthed } from "../../app/session.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { BounceNotice } from "../../components/BounceNotice.js";
import { Badge, ErrorBanner, Loading } from "../../components/feedback.js";
import { SendNotification } from "../../components/SendNotification.js";
import { useI18n } from "../../i18n/context.js";
import { PERM } from "../../lib/permissions.js";
import { Link } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { usePageTitle } from "../../lib/usePageTitle.js";
import { PatientAppointments } from "./PatientAppointments.js";
import { PatientBudgets } from "./PatientBudgets.js";
import { PatientForm } from "./PatientForm.js";
import { PreferencesCard } from "./PreferencesCard.js";

export function PatientPage({ id }: { id: string }) {
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const { types } = useNotificationTypes();
  const patient = useAsync(() => api.patient(id), [api, id]);
  const p = patient.data;
  const [editing, setEditing] = useState(false);
  usePageTitle(p ? `${p.first_name} ${p.last_name}`.trim() : null, t("patients.title"));

  if (patient.error) return <ErrorBanner error={patient.error} onRetry={patient.reload} />;
  if (!p) return <Loading />;

  const patientTypes = types.filter((x) => x.send_from === "patient").map((x) => x.key);

  return (
    <div className="page">
      <header className="page-header">
        <p className="breadcrumb">
          <Link href="/patients">{t("patients.title")}</Link> /
        </p>
        <div className="row-between">
          <h1>
            {p.first_name} {p.last_name}
          </h1>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={editing}
            onClick={() => setEditing((e) => !e)}
          >
            ✎ {t("patients.edit")}
          </button>
        </div>
        <p className="muted" data-testid="patient-contact">
          {p.email ?? t("patients.noEmail")}
          {p.email && p.email_bounced_at ? (
            <>
              {" "}
              <Badge tone="danger">{t("patients.bouncing")}</Badge>
            </>
          ) : null}
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
      {p.email && p.email_bounced_at ? (
        <BounceNotice key={p.email} email={p.email} reply={p.email_bounce_reply} />
      ) : null}
      {editing ? (
        <PatientForm
          key={p.id}
          patient={p}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            patient.setData(saved);
            setEditing(false);
          }}
        />
      ) : null}
      <div className="grid-2">
        {can(PERM.preferencesRead) ? <PreferencesCard patientId={p.id} types={types} /> : null}
        {can(PERM.send) ? (
          <section className="card" aria-labelledby="patient-send-title">
            <h2 id="patient-send-title">{t("send.title")}</h2>
            <p className="muted">{t("send.intro")}</p>
            <SendNotification
              id="patient-send"
              patientId={p.id}
              patientEmail={p.email}
              types={patientTypes}
            />
          </section>
        ) : null}
      </div>
      <PatientAppointments patient={p} types={types} />
      <PatientBudgets patient={p} types={types} />
    </div>
  );
}
