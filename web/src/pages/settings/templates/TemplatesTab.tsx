// Templates: pick a type and a language, see the template in effect and where it comes from,
// edit it with a live preview, save it as the clinic's own, or go back to the default.
import { useEffect, useMemo, useState } from "react";
import { ApiError } from "../../../api/http.js";
import type { Locale, TemplateFields } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { useToast } from "../../../app/toast.js";
import { useNotificationTypes } from "../../../app/useTypes.js";
import { ErrorBanner, errorMessage, Loading } from "../../../components/feedback.js";
import { SelectField } from "../../../components/forms.js";
import { asLocale, LOCALES, languageName, useI18n } from "../../../i18n/context.js";
import { LatestOnly } from "../../../lib/latestOnly.js";
import { PERM } from "../../../lib/permissions.js";
import { useAsync } from "../../../lib/useAsync.js";
import { SourceBadge } from "./SourceBadge.js";
import { TemplateActions } from "./TemplateActions.js";
import { TemplateEditor } from "./TemplateEditor.js";
import { type PreviewRequest, TemplatePreview } from "./TemplatePreview.js";

const EMPTY: TemplateFields = { subject: "", body_html: "", body_text: "" };
const SOURCE_FIELDS = ["subject", "body_html", "body_text"];

export function TemplatesTab() {
  const { api, can, clinic } = useAuthed();
  const { t, typeLabel } = useI18n();
  const toast = useToast();
  const { types } = useNotificationTypes();
  const [key, setKey] = useState("appointment_confirmation");
  const [locale, setLocale] = useState<Locale>(asLocale(clinic.default_locale) ?? "es");
  // Tag the answer with what was asked, so a draft is never shown under another type or language.
  const effective = useAsync(
    () => api.effectiveTemplate(key, locale).then((d) => ({ ...d, key, requested: locale })),
    [api, key, locale],
  );
  const [tagged, setTagged] = useState<{ tag: string; fields: TemplateFields }>({ tag: "", fields: EMPTY });
  const [saveError, setSaveError] = useState<unknown>(null);
  const [previewErrors, setPreviewErrors] = useState<Record<string, ApiError["fieldErrors"][string]>>({});
  const canWrite = can(PERM.templatesWrite);
  // One queue for every preview of the tab (a new type or language included): the server
  // allows a clinic only a few previews at a time, and answers 429 ("busy") past that.
  const previews = useMemo(
    () =>
      new LatestOnly((r: PreviewRequest) => api.previewTemplate(r), {
        isBusy: (err) => err instanceof ApiError && err.status === 429,
      }),
    [api],
  );

  useEffect(() => {
    if (!effective.data) return;
    const { subject, body_html, body_text, key: k, requested } = effective.data;
    setTagged({ tag: `${k}/${requested}`, fields: { subject, body_html, body_text: body_text ?? "" } });
    setPreviewErrors({});
    setSaveError(null);
  }, [effective.data]);

  const loaded = effective.data;
  const tag = `${key}/${locale}`;
  const current =
    loaded && `${loaded.key}/${loaded.requested}` === tag && tagged.tag === tag ? loaded : undefined;
  const draft = tagged.fields;
  const setDraft = (fields: TemplateFields) => setTagged({ tag, fields });
  const dirty =
    !!current &&
    (draft.subject !== current.subject ||
      draft.body_html !== current.body_html ||
      draft.body_text !== (current.body_text ?? ""));

  async function save() {
    if (!current) return;
    setSaveError(null);
    try {
      const body = { ...draft, body_text: draft.body_text || null };
      if (current.source === "clinic" && current.template_id) {
        await api.updateTemplate(current.template_id, body);
      } else {
        await api.createTemplate({ template_key: key, locale, ...body });
      }
      toast(t("templates.saved"));
      effective.reload();
    } catch (err) {
      setSaveError(err);
    }
  }

  async function reset() {
    if (!current?.template_id) return;
    setSaveError(null);
    try {
      await api.deleteTemplate(current.template_id);
      toast(t("templates.resetDone"));
      effective.reload();
    } catch (err) {
      setSaveError(err);
    }
  }

  const saveFieldErrors = saveError instanceof ApiError ? saveError.fieldErrors : {};
  const errors = { ...previewErrors, ...saveFieldErrors };
  // A render error depends on each email's data and does not stop a save; these do.
  const hasErrors = Object.entries(previewErrors).some(
    ([field, e]) => SOURCE_FIELDS.includes(field) && e.code !== "template_render",
  );

  return (
    <div className="stack">
      <div className="card toolbar">
        <SelectField
          id="tpl-type"
          label={t("templates.type")}
          value={key}
          onChange={(e) => setKey(e.target.value)}
        >
          {types.map((x) => (
            <option key={x.key} value={x.key}>
              {typeLabel(x.key)}
            </option>
          ))}
        </SelectField>
        <SelectField
          id="tpl-locale"
          label={t("templates.language")}
          value={locale}
          onChange={(e) => setLocale(e.target.value as Locale)}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {languageName(l)}
            </option>
          ))}
        </SelectField>
        <div className="toolbar-status">
          {current ? <SourceBadge source={current.source} /> : null}
          {current && current.locale !== locale ? (
            <span className="muted small">{t("templates.fallbackLocale", { locale: current.locale })}</span>
          ) : null}
        </div>
      </div>
      {effective.error ? <ErrorBanner error={effective.error} onRetry={effective.reload} /> : null}
      {!current && effective.loading ? <Loading /> : null}
      {current ? (
        <div className="editor-layout">
          <div className="card">
            <h2>{t("templates.editor")}</h2>
            {saveError ? (
              <div className="banner banner-error" role="alert" data-testid="tpl-save-failed">
                <span>
                  {t("templates.saveFailed")}{" "}
                  {Object.keys(saveFieldErrors).length ? null : errorMessage(saveError, t)}
                </span>
              </div>
            ) : null}
            <TemplateEditor value={draft} onChange={setDraft} errors={errors} readOnly={!canWrite} />
            {canWrite ? (
              <TemplateActions
                dirty={dirty}
                hasErrors={hasErrors}
                source={current.source}
                onSave={save}
                onReset={reset}
              />
            ) : null}
          </div>
          <TemplatePreview
            previews={previews}
            key={`${key}/${locale}/${current.template_id ?? current.source}`}
            templateKey={key}
            locale={locale}
            draft={draft}
            onErrors={setPreviewErrors}
          />
        </div>
      ) : null}
    </div>
  );
}
