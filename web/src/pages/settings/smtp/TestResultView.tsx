import type { TestResult } from "../../../api/types.js";
import { useI18n } from "../../../i18n/context.js";
import { testMessageWithoutNotice } from "../../../lib/smtp.js";

/**
 * What the test server said. `passwordNotUsed`: the test was of unsaved settings for another
 * server, port or username, so the saved password was withheld; said in the UI's language
 * (the server's English note on it is left out of its message).
 */
export function TestResultView({
  to,
  result,
  passwordNotUsed = false,
}: {
  to: string;
  result: TestResult;
  passwordNotUsed?: boolean;
}) {
  const { t } = useI18n();
  const message = passwordNotUsed ? testMessageWithoutNotice(result.message) : result.message;
  const note = passwordNotUsed ? (
    <p className="field-warning" data-testid="smtp-test-password-not-used">
      ⚠ {t("smtp.test.savedPasswordNotUsed")}
    </p>
  ) : null;
  if (result.success) {
    return (
      <div className="result result-success" role="status" data-testid="smtp-test-result">
        <strong>✓ {t("smtp.test.success", { to })}</strong>
        {message ? <p>{message}</p> : null}
        {note}
      </div>
    );
  }
  const step = result.step ?? "unknown";
  return (
    <div className="result result-failure" role="alert" data-testid="smtp-test-result">
      <strong>✕ {t(`smtp.test.step.${step}`)}</strong>
      <p>{message}</p>
      {result.smtp_code ? <p className="muted">{t("smtp.test.code", { code: result.smtp_code })}</p> : null}
      {note}
    </div>
  );
}
