// Email log: every email the clinic sent, skipped or failed, newest first.
import { useCallback, useEffect } from "react";
import { useAuthed } from "../../../app/session.js";
import { Empty, ErrorBanner, Loading } from "../../../components/feedback.js";
import { Pagination } from "../../../components/Pagination.js";
import { useI18n } from "../../../i18n/context.js";
import { navigate, useLocation } from "../../../lib/router.js";
import { useAsync } from "../../../lib/useAsync.js";
import { apiFilters, type FilterState, filtersFromQuery, PAGE_SIZE, queryFromFilters } from "./filters.js";
import { LogDetail } from "./LogDetail.js";
import { LogFiltersForm } from "./LogFiltersForm.js";
import { LogTable } from "./LogTable.js";

const REFRESH_MS = 3000;

export function LogsTab() {
  const { api, clinic } = useAuthed();
  const { t, tn } = useI18n();
  const { query } = useLocation();
  const filters = filtersFromQuery(query);
  const openId = query.get("log");
  const key = queryFromFilters(filters);
  const filtered = !!(
    filters.status ||
    filters.template_key ||
    filters.patient_id ||
    filters.from ||
    filters.to
  );
  const logs = useAsync(() => api.logs(apiFilters(filtersFromQuery(query), clinic.timezone)), [api, key]);
  const { reload } = logs;

  const setFilters = (f: FilterState) =>
    navigate(`/settings/notifications/logs${queryFromFilters(f)}`, { replace: true });
  const open = (id: string | null) => {
    const q = new URLSearchParams(queryFromFilters(filters));
    if (id) q.set("log", id);
    const s = q.toString();
    navigate(`/settings/notifications/logs${s ? `?${s}` : ""}`);
  };
  const close = useCallback(() => {
    const s = new URLSearchParams(window.location.search);
    s.delete("log");
    const qs = s.toString();
    navigate(`/settings/notifications/logs${qs ? `?${qs}` : ""}`, { replace: true });
  }, []);

  // Emails waiting for the worker change status within seconds: keep the page fresh meanwhile.
  const hasPending = !!logs.data?.data.some((l) => l.status === "pending");
  useEffect(() => {
    if (!hasPending) return;
    const id = setInterval(reload, REFRESH_MS);
    return () => clearInterval(id);
  }, [hasPending, reload]);

  return (
    <div className="stack">
      <LogFiltersForm value={filters} onChange={setFilters} />
      <div className="card">
        <div className="card-header">
          <h2>{t("logs.title")}</h2>
          <div className="row">
            {logs.data ? (
              <span className="muted small" data-testid="log-count">
                {tn("logs.count", logs.data.total)}
              </span>
            ) : null}
            <button type="button" className="btn btn-small" onClick={reload}>
              ↻ {t("common.refresh")}
            </button>
          </div>
        </div>
        {logs.error ? <ErrorBanner error={logs.error} onRetry={reload} /> : null}
        {!logs.data && logs.loading ? <Loading /> : null}
        {logs.data && logs.data.data.length === 0 ? (
          <Empty title={filtered ? t("logs.empty") : t("logs.emptyNone")} />
        ) : null}
        {logs.data && logs.data.data.length > 0 ? (
          <>
            <LogTable logs={logs.data.data} onOpen={open} />
            <Pagination
              page={filters.page}
              pageSize={PAGE_SIZE}
              total={logs.data.total}
              onPage={(page) => setFilters({ ...filters, page })}
            />
          </>
        ) : null}
      </div>
      {openId ? <LogDetail id={openId} onClose={close} onChanged={reload} /> : null}
    </div>
  );
}
