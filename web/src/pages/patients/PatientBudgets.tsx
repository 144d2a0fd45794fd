import type { NotificationTypeInfo, Patient } from "../../api/types.js";
import { useAuthed } from "../../app/session.js";
import { Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { useI18n } from "../../i18n/context.js";
import { Link } from "../../lib/router.js";
import { useAsync } from "../../lib/useAsync.js";
import { BudgetList } from "../budgets/BudgetList.js";

export function PatientBudgets({ patient, types }: { patient: Patient; types: NotificationTypeInfo[] }) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const list = useAsync(
    () => api.budgets({ page: 1, page_size: 50, patient_id: patient.id }),
    [api, patient.id],
  );
  return (
    <section className="card" aria-labelledby="patient-budgets-title">
      <div className="card-header">
        <h2 id="patient-budgets-title">{t("budgets.title")}</h2>
        <Link className="btn btn-small" href={`/budgets?patient_id=${encodeURIComponent(patient.id)}`}>
          + {t("budgets.new")}
        </Link>
      </div>
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && list.data.data.length === 0 ? <Empty title={t("budgets.empty")} /> : null}
      {list.data && list.data.data.length > 0 ? (
        <BudgetList budgets={list.data.data} types={types} onChanged={list.reload} />
      ) : null}
    </section>
  );
}
