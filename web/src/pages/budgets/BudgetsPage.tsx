// Budgets: create one, send it to the patient, mark it accepted.
import { useState } from "react";
import { useAuthed } from "../../app/session.js";
import { useNotificationTypes } from "../../app/useTypes.js";
import { ListSection } from "../../components/ListSection.js";
import { useI18n } from "../../i18n/context.js";
import { useLocation } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { usePageTitle } from "../../lib/usePageTitle.js";
import { BudgetForm } from "./BudgetForm.js";
import { BudgetList } from "./BudgetList.js";

const PAGE_SIZE = 20;

export function BudgetsPage() {
  const { api } = useAuthed();
  const { t } = useI18n();
  const { query } = useLocation();
  const { types } = useNotificationTypes();
  usePageTitle(t("budgets.title"));
  const [page, setPage] = useState(1);
  const list = useAsync(() => api.budgets({ page, page_size: PAGE_SIZE }), [api, page]);

  return (
    <div className="page">
      <header className="page-header">
        <h1>{t("budgets.title")}</h1>
      </header>
      <BudgetForm initialPatientId={query.get("patient_id") ?? ""} onCreated={list.reload} />
      <ListSection
        id="budgets-list-title"
        title={t("budgets.list")}
        emptyTitle={t("budgets.empty")}
        list={list}
        page={page}
        pageSize={PAGE_SIZE}
        onPage={setPage}
      >
        {(items) => <BudgetList budgets={items} types={types} onChanged={list.reload} showPatient />}
      </ListSection>
    </div>
  );
}
