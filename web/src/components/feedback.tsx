// Loading, empty and error states, and small badges.
import type { ReactNode } from "react";
import { ApiError } from "../api/http.js";
import { type Translate, useI18n } from "../i18n/context.js";
import { fieldProblemText, problemCodeText } from "../lib/problems.js";

export function errorMessage(err: unknown, t: Translate): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t("error.network");
    if (err.status === 403) return t("error.forbidden");
    if (err.status === 404) return t("error.notFound");
    if (err.status === 429) return t("error.rateLimited");
    // The code, never the server's English `detail` (docs/api.md lists the codes).
    return problemCodeText(err.problem.code, t);
  }
  return t("error.generic");
}

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t("common.loading")}</span>
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

export function ErrorBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div className="banner banner-error" role="alert">
      <span>{errorMessage(error, t)}</span>
      {onRetry ? (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t("common.tryAgain")}
        </button>
      ) : null}
    </div>
  );
}

/**
 * A form's errors that are not shown next to a field: a problem without `errors[]`, or
 * errors for fields this form has no input for. `shown` tells which fields the form renders.
 */
export function FormErrors({ error, shown }: { error: unknown; shown: (field: string) => boolean }) {
  const { t } = useI18n();
  if (!error) return null;
  if (!(error instanceof ApiError) || !error.problem.errors?.length) return <ErrorBanner error={error} />;
  const rest = error.problem.errors.filter((e) => !shown(e.field));
  if (!rest.length) return null;
  return (
    <div className="banner banner-error banner-block" role="alert">
      <ul className="plain-list">
        {rest.map((e) => (
          <li key={`${e.field}:${e.code}`}>
            <code>{e.field}</code>: {fieldProblemText(e, t)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export type BadgeTone = "neutral" | "success" | "warning" | "danger" | "info";

export function Badge({
  tone = "neutral",
  children,
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
