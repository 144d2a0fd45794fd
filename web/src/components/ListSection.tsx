// A card holding one paginated list: title, refresh, error, loading and empty states,
// and the pager. Pages supply the rows, and may add header actions and what goes above the list.
import type { ReactNode } from "react";
import { useI18n } from "../i18n/context.js";
import { Empty, ErrorBanner, Loading } from "./feedback.js";
import { Pagination } from "./Pagination.js";

interface Loaded<T> {
  data?: { data: T[]; total: number } | null;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

export function ListSection<T>(props: {
  id: string;
  title: string;
  emptyTitle: string;
  list: Loaded<T>;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  /** Buttons beside the refresh button (e.g. export). */
  actions?: ReactNode;
  /** Between the header and the list: an intro, a form, a search, an action's error. */
  above?: ReactNode;
  children: (items: T[]) => ReactNode;
}) {
  const { t } = useI18n();
  const { list } = props;
  const items = list.data?.data;
  return (
    <section className="card" aria-labelledby={props.id}>
      <div className="card-header">
        <h2 id={props.id}>{props.title}</h2>
        <div className="row">
          {props.actions}
          <button type="button" className="btn btn-small" onClick={list.reload} disabled={list.loading}>
            ↻ {t("common.refresh")}
          </button>
        </div>
      </div>
      {props.above}
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {!list.data && list.loading ? <Loading /> : null}
      {items && items.length === 0 ? <Empty title={props.emptyTitle} /> : null}
      {items && items.length > 0 ? (
        <>
          {props.children(items)}
          <Pagination
            page={props.page}
            pageSize={props.pageSize}
            total={list.data!.total}
            onPage={props.onPage}
          />
        </>
      ) : null}
    </section>
  );
}
