// A skip reason or delivery error: plain words when the code is known, and the code itself.
import { useCatalogue } from "../app/catalogue.js";
import { useI18n } from "../i18n/context.js";
import { explainReason } from "../lib/reasons.js";

export function ReasonText({ code }: { code: string }) {
  const { t, typeLabel } = useI18n();
  const { reasons } = useCatalogue();
  const reason = explainReason(code, reasons);
  if (!reason) return <>{code}</>;
  const words =
    reason.key === "reason.optedOutOf" ? t(reason.key, { type: typeLabel(reason.type) }) : t(reason.key);
  return (
    <>
      {words} <code className="reason-code">{code}</code>
    </>
  );
}
