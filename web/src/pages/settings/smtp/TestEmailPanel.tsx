// "Send test email": tries the form's current values (or the saved ones when unchanged)
// against the real server and shows its answer in plain words.
import { type FormEvent, useState } from "react";
import { ApiError } from "../../../api/http.js";
import type { TestResult } from "../../../api/types.js";
import { useAuthed } from "../../../app/session.js";
import { ErrorBanner } from "../../../components/feedback.js";
import { fieldText, TextField } from "../../../components/forms.js";
import { useI18n } from "../../../i18n/context.js";
import { type SmtpForm, savedPasswordWithheld, testRequestBody } from "../../../lib/smtp.js";
import { useAction } from "../../../lib/useAction.js";
import { TestResultView } from "./TestResultView.js";

interface Props {
  form: SmtpForm;
  saved: SmtpForm;
  /** A password is stored: the result says when the test could not use it. */
  hasPassword: boolean;
  onTested: (success: boolean) => void;
}

export function TestEmailPanel({ form, saved, hasPassword, onTested }: Props) {
  const { busy, error, run: track } = useAction();
  const { api, user } = useAuthed();
  const { t } = useI18n();
  const [to, setTo] = useState(user.email ?? "");
  const [result, setResult] = useState<{ to: string; result: TestResult; passwordNotUsed: boolean } | null>(
    null,
  );

  async function run(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    await track(async () => {
      const body = testRequestBody(form, saved, to);
      const r = await api.testSmtp(body);
      setResult({ to: to.trim(), result: r, passwordNotUsed: savedPasswordWithheld(body, r, hasPassword) });
      onTested(r.success);
    });
  }

  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
  const otherErrors =
    error instanceof ApiError ? (error.problem.errors ?? []).filter((x) => x.field !== "to_email") : [];

  return (
    <form className="card" onSubmit={run} aria-labelledby="smtp-test-title">
      <h2 id="smtp-test-title">{t("smtp.test.title")}</h2>
      <p className="muted">{t("smtp.test.intro")}</p>
      <div className="inline-form">
        <TextField
          id="smtp-test-to"
          label={t("smtp.test.to")}
          type="email"
          required
          value={to}
          onChange={(e) => setTo(e.target.value)}
          error={fieldText(fieldErrors.to_email, t)}
        />
        <button type="submit" className="btn btn-secondary" disabled={busy}>
          {busy ? t("smtp.test.sending") : t("smtp.test.send")}
        </button>
      </div>
      {error && !fieldErrors.to_email ? (
        <>
          <ErrorBanner error={error} />
          {otherErrors.length ? (
            <ul className="error-list">
              {otherErrors.map((x) => (
                <li key={x.field}>
                  <code>{x.field}</code>: {fieldText(x, t)}
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      {result ? (
        <TestResultView to={result.to} result={result.result} passwordNotUsed={result.passwordNotUsed} />
      ) : null}
    </form>
  );
}
