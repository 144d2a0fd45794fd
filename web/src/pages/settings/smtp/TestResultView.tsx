import type { TestResult } from "../../../api/types.js";
import { useI18n } from "../../../i18n/context.js";
import type { DictKey } from "../../../i18n/dict.js";
import { en } from "../../../i18n/en.js";

/**
 * What the test server said, worded from the answer's code. `passwordNotUsed`: the test was of
 * unsaved settings for another server, port or username, so the saved password was withheld.
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
  // Worded from the answer's code: the server's English `message` is never shown.
  const known = (key: string): key is DictKey => Object.hasOwn(en, key);
  const codeKey = `smtpTest.${result.code}`;
  const note = passwordNotUsed ? (
    <p className="field-warning" data-testid="smtp-test-password-not-used">
      ⚠ {t("smtp.test.savedPasswordNotUsed")}
    </p>
  ) : null;
  if (result.success) {
    return (
      <div className="result result-success" role="status" data-testid="smtp-test-result">
        <strong>✓ {known(codeKey) ? t(codeKey, { to }) : t("smtp.test.success", { to })}</strong>
        {note}
      </div>
    );
  }
  const step = result.step ?? "unknown";
  return (
    <div className="result result-failure" role="alert" data-testid="smtp-test-result">
      <strong>✕ {known(codeKey) ? t(codeKey) : t(`smtp.test.step.${step}`)}</strong>
      {result.smtp_code ? <p className="muted">{t("smtp.test.code", { code: result.smtp_code })}</p> : null}
      {note}
    </div>
  );
}
