// Live preview: the server renders the edited template with sample data (debounced), and the
// HTML is shown in a sandboxed iframe. Syntax errors go back to the editor, next to their field.
// Requests go through one LatestOnly queue (one in flight; only the latest draft is sent).
import { useEffect, useState } from "react";
import { ApiError, type FieldProblem } from "../../../api/http.js";
import type { Preview, TemplateFields } from "../../../api/types.js";
import { EmailFrame } from "../../../components/EmailFrame.js";
import { ErrorBanner } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import type { LatestOnly } from "../../../lib/latestOnly.js";
import { useDebounced } from "../../../lib/useAsync.js";

const EDITOR_FIELDS = ["subject", "body_html", "body_text"];

export interface PreviewRequest {
  template_key: string;
  locale: string;
  subject: string;
  body_html: string;
  body_text: string | null;
}

interface Props {
  previews: LatestOnly<PreviewRequest, Preview>;
  templateKey: string;
  locale: string;
  draft: TemplateFields;
  onErrors: (errors: Record<string, FieldProblem>) => void;
}

export function TemplatePreview({ previews, templateKey, locale, draft, onErrors }: Props) {
  const { t } = useI18n();
  const debounced = useDebounced(draft, 400);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    setPending(true);
    const request = {
      template_key: templateKey,
      locale,
      subject: debounced.subject,
      body_html: debounced.body_html,
      // An empty text part means "derive it from the HTML", as when sending.
      body_text: debounced.body_text || null,
    };
    return previews.submit(request, (outcome) => {
      setPending(false);
      if (outcome.ok) {
        setPreview(outcome.value);
        setError(null);
        setStale(false);
        onErrors({});
        return;
      }
      const err = outcome.error;
      const fields = err instanceof ApiError ? err.fieldErrors : {};
      onErrors(fields);
      setStale(true);
      // Errors the editor can place next to a field go there; anything else shows here.
      setError(Object.keys(fields).some((f) => EDITOR_FIELDS.includes(f)) ? null : err);
    });
  }, [previews, templateKey, locale, debounced, onErrors]);

  return (
    <section className="card preview" aria-labelledby="preview-title" aria-busy={pending}>
      <div className="card-header">
        <h2 id="preview-title">{t("templates.preview")}</h2>
        <span className="muted small" aria-live="polite">
          {pending
            ? t("templates.previewUpdating")
            : stale
              ? t("templates.previewStale")
              : t("templates.previewSample")}
        </span>
      </div>
      <ErrorBanner error={error} />
      {preview ? (
        <div className={stale ? "is-stale" : ""}>
          <p className="preview-subject">
            <span className="muted small">{t("templates.subject")}:</span>{" "}
            <strong data-testid="preview-subject">{preview.subject}</strong>
          </p>
          <EmailFrame html={preview.body_html} title={t("templates.preview")} testId="preview-frame" />
          <details>
            <summary>{t("templates.bodyText")}</summary>
            <pre className="preview-text" data-testid="preview-text">
              {preview.body_text}
            </pre>
          </details>
        </div>
      ) : null}
    </section>
  );
}
