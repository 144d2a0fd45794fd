// Settings > Suppressed addresses: the clinic's list of addresses no email goes to (bounced, or
// added by hand). Search it, take an address off, add one, export it as CSV.
import { type FormEvent, useState } from "react";
import { ApiError } from "../../../api/http.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { useFormatDate } from "../../../app/useFormatDate.js";
import { Badge, ErrorBanner, FormErrors } from "../../../components/feedback.js";
import { fieldText, SearchField, TextField } from "../../../components/forms.js";
import { ListSection } from "../../../components/ListSection.js";
import { useI18n } from "../../../i18n/context.js";
import { PERM } from "../../../lib/permissions.js";
import { Link } from "../../../lib/router.js";
import { useAction } from "../../../lib/useAction.js";
import { useAsync, useDebounced } from "../../../lib/useAsync.js";

const PAGE_SIZE = 20;

/** Hands the browser a file made of text the API answered (the token never goes in a URL). */
function download(text: string, filename: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(url);
}

export function SuppressionsTab() {
  const { api, can } = useAuthed();
  const { t } = useI18n();
  const toast = useToast();
  const formatDate = useFormatDate();
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState("");
  const q = useDebounced(search.trim(), 250);
  const list = useAsync(
    () => api.suppressions({ page, page_size: PAGE_SIZE, q: q || undefined }),
    [api, page, q],
  );
  const add = useAction();
  const change = useAction();
  const canWrite = can(PERM.suppressionsWrite);

  async function submit(e: FormEvent) {
    e.preventDefault();
    await add.run(async () => {
      const row = await api.addSuppression(adding.trim());
      setAdding("");
      toast(t("suppressions.added", { email: row.email }));
      list.reload();
    });
  }

  async function remove(id: string, email: string) {
    await change.run(async () => {
      await api.removeSuppression(id);
      toast(t("suppressions.removed", { email }));
      list.reload();
    });
  }

  async function exportCsv() {
    await change.run(async () =>
      download(await api.suppressionsCsv({ q: q || undefined }), "suppressed-addresses.csv"),
    );
  }

  const emailError = add.error instanceof ApiError ? fieldText(add.error.fieldErrors.email, t) : undefined;

  return (
    <ListSection
      id="suppressions-title"
      title={t("suppressions.title")}
      emptyTitle={t("suppressions.empty")}
      list={list}
      page={page}
      pageSize={PAGE_SIZE}
      onPage={setPage}
      actions={
        <button type="button" className="btn btn-small" onClick={exportCsv} disabled={change.busy}>
          ⤓ {t("suppressions.export")}
        </button>
      }
      above={
        <>
          <p className="muted">{t("suppressions.intro")}</p>
          {canWrite ? (
            <form className="row" onSubmit={submit} data-testid="suppression-add">
              <TextField
                id="suppression-email"
                label={t("suppressions.addLabel")}
                type="email"
                required
                value={adding}
                error={emailError}
                onChange={(e) => setAdding(e.target.value)}
              />
              <button type="submit" className="btn btn-primary" disabled={add.busy || !adding.trim()}>
                {t("suppressions.add")}
              </button>
            </form>
          ) : null}
          <FormErrors error={add.error} shown={(f) => f === "email"} />
          <SearchField
            id="suppressions-search"
            label={t("suppressions.search")}
            placeholder={t("suppressions.searchPlaceholder")}
            value={search}
            onSearch={(value) => {
              setSearch(value);
              setPage(1);
            }}
          />
          <ErrorBanner error={change.error} />
        </>
      }
    >
      {(rows) => (
        <div className="table-wrap">
          <table className="table" data-testid="suppressions-table">
            <thead>
              <tr>
                <th scope="col">{t("suppressions.email")}</th>
                <th scope="col">{t("suppressions.reason")}</th>
                <th scope="col" className="hide-phone">
                  {t("suppressions.reply")}
                </th>
                <th scope="col" className="hide-phone">
                  {t("suppressions.since")}
                </th>
                {canWrite ? <th scope="col">{t("common.actions")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row" className="truncate">
                    {s.patient_id ? <Link href={`/patients/${s.patient_id}`}>{s.email}</Link> : s.email}
                  </th>
                  <td>
                    <Badge tone={s.reason === "bounce" ? "danger" : "neutral"}>
                      {t(s.reason === "bounce" ? "suppressions.reason.bounce" : "suppressions.reason.manual")}
                    </Badge>
                  </td>
                  <td className="hide-phone small">{s.smtp_reply ?? "—"}</td>
                  <td className="nowrap hide-phone">{formatDate(s.created_at)}</td>
                  {canWrite ? (
                    <td>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={change.busy}
                        aria-label={`${t("suppressions.remove")} ${s.email}`}
                        onClick={() => remove(s.id, s.email)}
                      >
                        {t("suppressions.remove")}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </ListSection>
  );
}
