import type { FieldProblem } from "../../../api/http.js";
import type { TemplateFields } from "../../../api/types.js";
import { problemText, TextAreaField, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";

interface Props {
  value: TemplateFields;
  onChange: (v: TemplateFields) => void;
  errors: Record<string, FieldProblem>;
  readOnly: boolean;
}

export function TemplateEditor({ value, onChange, errors, readOnly }: Props) {
  const { t } = useI18n();
  const where = (line: number, column: number | undefined) =>
    column != null ? t("templates.errorAtColumn", { line, column }) : t("templates.errorAt", { line });
  const set = (k: keyof TemplateFields) => (e: { target: { value: string } }) =>
    onChange({ ...value, [k]: e.target.value });
  return (
    <div className="stack-tight">
      <TextField
        id="tpl-subject"
        label={t("templates.subject")}
        className="mono"
        value={value.subject}
        onChange={set("subject")}
        readOnly={readOnly}
        spellCheck={false}
        error={problemText(errors.subject, where)}
      />
      <TextAreaField
        id="tpl-html"
        label={t("templates.bodyHtml")}
        className="mono"
        rows={16}
        value={value.body_html}
        onChange={set("body_html")}
        readOnly={readOnly}
        spellCheck={false}
        error={problemText(errors.body_html, where)}
        hint={t("templates.syntaxHint")}
      />
      <TextAreaField
        id="tpl-text"
        label={t("templates.bodyText")}
        className="mono"
        rows={8}
        value={value.body_text}
        onChange={set("body_text")}
        readOnly={readOnly}
        spellCheck={false}
        error={problemText(errors.body_text, where)}
        hint={t("templates.textHint")}
      />
    </div>
  );
}
