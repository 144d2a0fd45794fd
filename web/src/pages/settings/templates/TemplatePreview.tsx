// Live preview: the server renders the edited template with sample data (debounced), and the
// HTML is shown in a sandboxed iframe. Syntax errors go back to the editor, next to their field.
import { useEffect, useState } from "react";
import { ApiError, type FieldProblem } from "../../../api/http.js";
import type { Preview, TemplateFields } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { EmailFrame } from "../../../components/EmailFrame.js";
import { ErrorBanner } from "../../../components/feedback.js";
import { useI18n } from "../../../i18n/context.js";
import { useDebounced } from "../../../lib/useAsync.js";

const EDITOR_FIELDS = ["subject", "body_html", "body_text"];

interface Props {
  templateKey: string;
  locale: string;
  draft: TemplateFields;
  onErrors: (errors: Record<string, FieldProblem>) => void;
}

export function TemplatePreview({ templateKey, locale, draft, onErrors }: Props) {
  const { api } = useAuthed();
  const { t } = useI18n();
  const debounced = useDebounced(draft, 400);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [stale, setStale] = useState(false);

  useEffect(() => {
    let current = true;
    setPending(true);
    api
      .previewTemplate({
        template_key: templateKey,
        locale,
        subject: debounced.subject,
        body_html: debounced.body_html,
        // An empty text part means "derive it from the HTML", as when sending.
        body_text: debounced.body_text || null,
      })
      .then(
        (p) => {
          if (!current) return;
          setPreview(p);
          setError(null);
          setStale(false);
          onErrors({});
        },
        (err: unknown) => {
          if (!current) return;
          const fields = err instanceof ApiError ? err.fieldErrors : {};
          onErrors(fields);
          setStale(true);
          // Errors the editor can place next to a field go there; anything else shows here.
          setError(Object.keys(fields).some((f) => EDITOR_FIELDS.includes(f)) ? null : err);
        },
      )
      .finally(() => current && setPending(false));
    return () => {
      current = false;
    };
  }, [api, templateKey, locale, debounced, onErrors]);

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
