import type { TestResult } from "../../../api/types.js";
import { useI18n } from "../../../i18n/context.js";

export function TestResultView({ to, result }: { to: string; result: TestResult }) {
  const { t } = useI18n();
  if (result.success) {
    return (
      <div className="result result-success" role="status" data-testid="smtp-test-result">
        <strong>✓ {t("smtp.test.success", { to })}</strong>
        {result.message ? <p>{result.message}</p> : null}
      </div>
    );
  }
  const step = result.step ?? "unknown";
  return (
    <div className="result result-failure" role="alert" data-testid="smtp-test-result">
      <strong>✕ {t(`smtp.test.step.${step}`)}</strong>
      <p>{result.message}</p>
      {result.smtp_code ? <p className="muted">{t("smtp.test.code", { code: result.smtp_code })}</p> : null}
    </div>
  );
}
