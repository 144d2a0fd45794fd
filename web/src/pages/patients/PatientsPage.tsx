// Patients: search, page through, add one.
import { useState } from "react";
import { useAuthed } from "../../app/session.js";
import { useFormatDate } from "../../app/useFormatDate.js";
import { Badge, Empty, ErrorBanner, Loading } from "../../components/feedback.js";
import { SearchField } from "../../components/forms.js";
import { Pagination } from "../../components/Pagination.js";
import { languageName, useI18n } from "../../i18n/context.js";
import { Link, navigate } from "../../lib/router.js";
import { useAsync, useDebounced } from "../../lib/useAsync.js";
import { usePageTitle } from "../../lib/usePageTitle.js";
import { PatientForm } from "./PatientForm.js";

const PAGE_SIZE = 20;

export function PatientsPage() {
  const { api } = useAuthed();
  const { t } = useI18n();
  const formatDate = useFormatDate();
  usePageTitle(t("patients.title"));
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search.trim(), 250);
  const list = useAsync(
    () => api.patients({ page, page_size: PAGE_SIZE, q: q || undefined }),
    [api, page, q],
  );

  return (
    <div className="page">
      <header className="page-header row-between">
        <h1>{t("patients.title")}</h1>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setCreating((c) => !c)}
          aria-expanded={creating}
        >
          + {t("patients.new")}
        </button>
      </header>
      {creating ? (
        <PatientForm onCancel={() => setCreating(false)} onSaved={(p) => navigate(`/patients/${p.id}`)} />
      ) : null}
      <div className="card">
        <SearchField
          id="patients-search"
          label={t("patients.searchLabel")}
          placeholder={t("patients.searchPlaceholder")}
          value={search}
          onSearch={(value) => {
            setSearch(value);
            setPage(1);
          }}
        />
        {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
        {!list.data && list.loading ? <Loading /> : null}
        {list.data && list.data.data.length === 0 ? (
          <Empty title={q ? t("patients.noMatch") : t("patients.empty")} />
        ) : null}
        {list.data && list.data.data.length > 0 ? (
          <>
            <div className="table-wrap">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("patients.name")}</th>
                    <th scope="col">{t("patients.email")}</th>
                    <th scope="col" className="hide-phone">
                      {t("patients.phone")}
                    </th>
                    <th scope="col" className="hide-phone">
                      {t("patients.language")}
                    </th>
                    <th scope="col" className="hide-phone">
                      {t("patients.addedOn")}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.data.data.map((p) => (
                    <tr key={p.id}>
                      <th scope="row">
                        <Link href={`/patients/${p.id}`}>
                          {p.last_name}, {p.first_name}
                        </Link>
                      </th>
                      <td className="truncate">
                        {p.email ?? "—"}
                        {p.email && p.email_bounced_at ? (
                          <>
                            {" "}
                            <Badge tone="danger" title={p.email_bounce_reply ?? undefined}>
                              {t("patients.bouncing")}
                            </Badge>
                          </>
                        ) : null}
                      </td>
                      <td className="hide-phone">{p.phone ?? "—"}</td>
                      <td className="hide-phone">
                        {p.preferred_locale ? languageName(p.preferred_locale) : "—"}
                      </td>
                      <td className="nowrap hide-phone">{formatDate(p.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <Pagination page={page} pageSize={PAGE_SIZE} total={list.data.total} onPage={setPage} />
          </>
        ) : null}
      </div>
    </div>
  );
}
