// Appointments: schedule one (which sends the confirmation and plans the reminder),
// and reschedule or cancel existing ones.
import { useState } from "react";
import { useAuthed } from "../../app/session.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { Pagination } from "../../components/Pagination.js";
import { useI18n } from "../../i18n/context.js";
import { useLocation } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { AppointmentForm } from "./AppointmentForm.js";
import { AppointmentList } from "./AppointmentList.js";

const PAGE_SIZE = 20;

export function AppointmentsPage() {
  const { api } = useAuthed();
  const { t } = useI18n();
  const { query } = useLocation();
  const { types } = useNotificationTypes();
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.appointments({ page, page_size: PAGE_SIZE }), [api, page]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("appointments.title")}</h1>
      </header>
      <AppointmentForm initialPatientId={query.get("patient_id") ?? ""} onCreated={list.reload} />
      <section className="card" aria-labelledby="appointments-list-title">
        <div className="card-header">
          <h2 id="appointments-list-title">{t("appointments.list")}</h2>
          <button type="button" className="btn btn-small" onClick={list.reload}>
            ↻ {t("common.refresh")}
          </button>
        </div>
        {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
        {!list.data && list.loading ? <Loading /> : null}
        {list.data && list.data.data.length === 0 ? <Empty title={t("appointments.empty")} /> : null}
        {list.data && list.data.data.length > 0 ? (
          <>
            <AppointmentList
              appointments={list.data.data}
              types={types}
              onChanged={list.reload}
              showPatient
            />
            <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
          </>
        ) : null}
      </section>
    </div>
  );
}
