// Appointments: schedule one (which sends the confirmation and plans the reminder),
// and reschedule or cancel existing ones.
import { useState } from "react";
import { useAuthed } from "../../app/session.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { ListSection } from "../../components/ListSection.js";
import { useI18n } from "../../i18n/context.js";
import { useLocation } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { usePageTitle } from "../../lib/usePageTitle.js";
import { AppointmentForm } from "./AppointmentForm.js";
import { AppointmentList } from "./AppointmentList.js";

const PAGE_SIZE = 20;

export function AppointmentsPage() {
  const { api } = useAuthed();
  const { t } = useI18n();
  const { query } = useLocation();
  const { types } = useNotificationTypes();
  usePageTitle(t("appointments.title"));
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.appointments({ page, page_size: PAGE_SIZE }), [api, page]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("appointments.title")}</h1>
      </header>
      <AppointmentForm initialPatientId={query.get("patient_id") ?? ""} onCreated={list.reload} />
      <ListSection
        id="appointments-list-title"
        title={t("appointments.list")}
        emptyTitle={t("appointments.empty")}
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
      >
        {(items) => (
          <AppointmentList appointments={items} types={types} onChanged={list.reload} showPatient />
        )}
      </ListSection>
    </div>
  );
}
