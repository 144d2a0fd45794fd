// A card holding one paginated list: title, refresh, error, loading and empty states,
// and the pager. Pages supply the rows.
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
  children: (items: T[]) => ReactNode;
}) {
  const { t } = useI18n();
  const { list } = props;
  const items = list.data?.data;
  return (
    <section className="card" aria-labelledby={props.id}>
      <div className="card-header">
        <h2 id={props.id}>{props.title}</h2>
        <button type="button" className="btn btn-small" onClick={list.reload}>
          ↻ {t("common.refresh")}
        </button>
      </div>
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
