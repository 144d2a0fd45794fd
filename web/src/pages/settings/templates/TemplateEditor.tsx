// The template's three parts: the subject (one line), and the HTML and text bodies in a code
// editor (loaded on demand; a plain text area until it is there). An error from the server is
// worded from its code and shown under its part, its line marked in the editor's gutter.
import { lazy, Suspense, useMemo } from "react";
import type { FieldProblem } from "../../../api/http.js";
import type { TemplateFields } from "../../../api/types.js";
import { TextAreaField, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";
import { fieldProblemText } from "../../../lib/problems.js";
import type { EditorError } from "./CodeEditor.js";

const CodeEditor = lazy(() => import("./CodeEditor.js"));

interface Props {
  value: TemplateFields;
  onChange: (v: TemplateFields) => void;
  errors: Record<string, FieldProblem>;
  readOnly: boolean;
}

interface SourceFieldProps {
  id: string;
  label: string;
  hint: string;
  rows: number;
  html: boolean;
  value: string;
  onChange: (value: string) => void;
  readOnly: boolean;
  problem: FieldProblem | undefined;
  errorText: string | undefined;
}

function SourceField(p: SourceFieldProps) {
  const { t } = useI18n();
  const error: EditorError | null = useMemo(
    () =>
      p.problem?.line != null && p.errorText
        ? { line: p.problem.line, column: p.problem.column, message: p.errorText }
        : null,
    [p.problem, p.errorText],
  );
  const describedBy = [`${p.id}-hint`, p.errorText ? `${p.id}-error` : ""].filter(Boolean).join(" ");
  const fallback = (
    <TextAreaField
      id={p.id}
      label={p.label}
      className="mono"
      rows={p.rows}
      value={p.value}
      onChange={(e) => p.onChange(e.target.value)}
      readOnly={p.readOnly}
      spellCheck={false}
      error={p.errorText}
      hint={p.hint}
      aria-busy
      title={t("templates.editorLoading")}
    />
  );
  return (
    <Suspense fallback={fallback}>
      <div className="field">
        <span id={`${p.id}-label`} className="field-label">
          {p.label}
        </span>
        <CodeEditor
          id={p.id}
          labelId={`${p.id}-label`}
          describedBy={describedBy}
          value={p.value}
          onChange={p.onChange}
          readOnly={p.readOnly}
          error={error}
          html={p.html}
        />
        <p id={`${p.id}-hint`} className="hint">
          {p.hint}
        </p>
        {p.errorText ? (
          <p id={`${p.id}-error`} className="field-error" data-testid={`${p.id}-error`} role="alert">
            {p.errorText}
          </p>
        ) : null}
      </div>
    </Suspense>
  );
}

export function TemplateEditor({ value, onChange, errors, readOnly }: Props) {
  const { t } = useI18n();
  const text = (p: FieldProblem | undefined) => (p ? fieldProblemText(p, t) : undefined);
  const set = (k: keyof TemplateFields) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <div className="stack-tight">
      <TextField
        id="tpl-subject"
        label={t("templates.subject")}
        className="mono"
        value={value.subject}
        onChange={(e) => set("subject")(e.target.value)}
        readOnly={readOnly}
        spellCheck={false}
        error={text(errors.subject)}
      />
      <SourceField
        id="tpl-html"
        label={t("templates.bodyHtml")}
        hint={t("templates.syntaxHint")}
        rows={16}
        html
        value={value.body_html}
        onChange={set("body_html")}
        readOnly={readOnly}
        problem={errors.body_html}
        errorText={text(errors.body_html)}
      />
      <SourceField
        id="tpl-text"
        label={t("templates.bodyText")}
        hint={t("templates.textHint")}
        rows={8}
        html={false}
        value={value.body_text}
        onChange={set("body_text")}
        readOnly={readOnly}
        problem={errors.body_text}
        errorText={text(errors.body_text)}
      />
    </div>
  );
}
